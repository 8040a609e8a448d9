// Concatenations below build each entry in one allocation (QStringBuilder).
#define QT_USE_QSTRINGBUILDER
#include "VixResultXml.h"

#include <cstring>

namespace gk::vix::VixXml {
namespace {

QByteArray maybeEscape(const QString &s, bool escapeStrings)
{
    return escapeStrings ? escape(s) : s.toUtf8();
}

QByteArray num(qint64 v)
{
    return QByteArray::number(v);
}

QByteArray unum(qint64 v)
{
    return QByteArray::number(quint64(v));
}

// One allocation per element: listings build hundreds of thousands.
QByteArray element(const char *tag, const QByteArray &value)
{
    const qsizetype n = qsizetype(std::strlen(tag));
    QByteArray out;
    out.reserve(2 * n + 5 + value.size());
    out.append('<').append(tag, n).append('>').append(value);
    out.append("</", 2).append(tag, n).append('>');
    return out;
}

// The process entry up to <start>, shared by both listing forms.
QByteArray processHead(const ProcessInfo &p, bool escapeStrings, const QByteArray &pid)
{
    QByteArray out = "<proc>";
    if (!p.command.isNull())
        out += element("cmd", maybeEscape(p.command, escapeStrings));
    out += element("name", maybeEscape(p.name, escapeStrings));
    out += element("pid", pid);
    out += element("user", maybeEscape(p.owner, escapeStrings));
    out += element("start", num(p.startTime));
    return out;
}

constexpr char kFirstChunkFormat[] =
    "<key>%u</key><totalSize>%d</totalSize><leftToSend>%d</leftToSend>";
constexpr char kNextChunkFormat[] = "<leftToSend>%d</leftToSend>";

} // namespace

QByteArray escape(const QByteArray &utf8)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        switch (c) {
        case '%':
        case '<':
        case '>':
        case '&':
        case '\'':
        case '"':
            out.append('%').append(hex[uchar(c) >> 4]).append(hex[uchar(c) & 0xF]);
            break;
        default:
            out.append(c);
        }
    }
    return out;
}

QByteArray unescape(const QByteArray &escaped)
{
    if (!escaped.contains('%'))
        return escaped;
    QByteArray out;
    out.reserve(escaped.size());
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        if (escaped.at(i) == '%' && i + 2 < escaped.size()) {
            bool ok = false;
            const int v = escaped.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                out += char(v);
                i += 2;
                continue;
            }
        }
        out += escaped.at(i);
    }
    return out;
}

QByteArray escape(const QString &text)
{
    return escape(text.toUtf8());
}

QByteArray processEx(const ProcessInfo &p)
{
    return processHead(p, true, num(p.pid)) + element("eCode", num(p.exitCode)) +
           element("eTime", num(p.exitTime)) + "</proc>";
}

QByteArray process(const ProcessInfo &p, bool escapeStrings)
{
    return processHead(p, escapeStrings, num(qint32(p.pid))) + "</proc>";
}

QByteArray listProcessesFirstChunkHeader(quint32 key, qint32 totalSize, qint32 leftToSend)
{
    return element("key", QByteArray::number(key)) + element("totalSize", num(totalSize)) +
           element("leftToSend", num(leftToSend));
}

QByteArray listProcessesNextChunkHeader(qint32 leftToSend)
{
    return element("leftToSend", num(leftToSend));
}

qsizetype listProcessesFirstChunkHeaderReserve()
{
    return qsizetype(sizeof(kFirstChunkFormat)) + 3 * 10;
}

qsizetype listProcessesNextChunkHeaderReserve()
{
    return qsizetype(sizeof(kNextChunkFormat)) + 10;
}

QByteArray fileInfo(const FileInfo &f, bool escapeStrings)
{
    return "<FileInfo>" + element("Name", maybeEscape(f.name, escapeStrings)) +
           element("FileFlags", num(f.flags)) + element("FileSize", num(f.size)) +
           element("ModTime", num(f.modTime)) + "</FileInfo>";
}

QByteArray fileExtendedInfoPosix(const FileInfo &f)
{
    return "<fxi>" + element("Name", escape(f.name)) + element("ft", num(f.flags)) +
           element("fs", unum(f.size)) + element("mt", unum(f.modTime)) +
           element("at", unum(f.accessTime)) + element("uid", num(f.ownerId)) +
           element("gid", num(f.groupId)) + element("perm", num(f.permissions)) +
           element("slt", escape(f.symlinkTarget)) + "</fxi>";
}

QByteArray fileExtendedInfoWindows(const FileInfo &f)
{
    return "<fxi>" + element("Name", escape(f.name)) + element("ft", num(f.flags)) +
           element("fs", unum(f.size)) + element("mt", unum(f.modTime)) +
           element("ct", unum(f.createTime)) + element("at", unum(f.accessTime)) + "</fxi>";
}

QByteArray listFilesPrefix(bool truncated, qint32 remaining)
{
    return listDirectoryPrefix(truncated) + element("rem", num(remaining));
}

QByteArray listDirectoryPrefix(bool truncated)
{
    return truncated ? QByteArray("1 ") : QByteArray("0 ");
}

QByteArray envVar(const QString &name, const QString &value)
{
    return element("ev", escape(name) + '=' + escape(value));
}

QByteArray envVarEntry(const QString &entry)
{
    return element("ev", escape(entry));
}

QByteArray fileSystem(const QString &name, quint64 size, quint64 freeSpace, const QString &type,
                      bool escapeStrings)
{
    return "<filesystem>" + element("name", maybeEscape(name, escapeStrings)) +
           element("size", QByteArray::number(size)) +
           element("freeSpace", QByteArray::number(freeSpace)) +
           element("type", maybeEscape(type, escapeStrings)) + "</filesystem>";
}

} // namespace gk::vix::VixXml
