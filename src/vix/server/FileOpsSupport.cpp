#include "FileOpsSupport.h"

#include "vix/codec/VixConstants.h"
#include "vix/codec/VixResultXml.h"

namespace gk::vix::server::fileops {

using platform::FileType;

PathFacts pathFacts(platform::SessionFiles &files, const platform::FilePath &path)
{
    PathFacts facts;
    const platform::Result<platform::FileInfo> self = files.stat(path, false);
    facts.isSymlink = self.ok() && self.value.isSymlink();
    const platform::Result<platform::FileInfo> followed = files.stat(path, true);
    if (!followed.ok()) {
        facts.error = followed.error;
        return facts;
    }
    facts.exists = true;
    facts.target = followed.value;
    facts.isDirectory = followed.value.isDirectory();
    facts.isFile = followed.value.type == FileType::Regular;
    return facts;
}

qint32 posixMode(const platform::FileInfo &info)
{
    quint32 type = 0;
    switch (info.type) {
    case FileType::Regular:
        type = 0100000;
        break;
    case FileType::Directory:
        type = 0040000;
        break;
    case FileType::Symlink:
        type = 0120000;
        break;
    case FileType::CharDevice:
        type = 0020000;
        break;
    case FileType::BlockDevice:
        type = 0060000;
        break;
    case FileType::Fifo:
        type = 0010000;
        break;
    case FileType::Socket:
        type = 0140000;
        break;
    case FileType::Unknown:
        return 0;
    }
    return qint32(type | info.mode.value_or(0));
}

qint64 seconds(const std::optional<qint64> &ns)
{
    if (!ns)
        return 0;
    // Floor division: a time before 1970 stays in its own second.
    return *ns >= 0 ? *ns / 1000000000 : -((-*ns + 999999999) / 1000000000);
}

namespace {

void element(QByteArray &out, const char *tag, const QByteArray &value)
{
    out += '<';
    out += tag;
    out += '>';
    out += value;
    out += "</";
    out += tag;
    out += '>';
}

QByteArray unsignedText(qint64 v)
{
    return QByteArray::number(quint64(v));
}

bool needsEscape(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (c == '%' || c == '<' || c == '>' || c == '&' || c == '\'' || c == '"')
            return true;
    }
    return false;
}

QByteArray escaped(const QByteArray &bytes)
{
    return needsEscape(bytes) ? VixXml::escape(bytes) : bytes;
}

} // namespace

qsizetype escapedLength(const QByteArray &bytes)
{
    qsizetype n = bytes.size();
    for (const char c : bytes) {
        if (c == '%' || c == '<' || c == '>' || c == '&' || c == '\'' || c == '"')
            n += 2;
    }
    return n;
}

QByteArray extendedInfoEntry(const QByteArray &name, const platform::FileInfo &entry,
                             const platform::FileInfo &target)
{
    QByteArray out;
    appendExtendedInfoEntry(out, name, entry, target);
    return out;
}

void appendExtendedInfoEntry(QByteArray &out, const QByteArray &name,
                             const platform::FileInfo &entry, const platform::FileInfo &target)
{
    // VixToolsPrintFileExtendedInfo: a link is only a link (no size), else
    // a directory, else the size of a regular file; owner, mode and times
    // come from stat(), i.e. the link's target (zeros when that fails).
    qint32 flags = 0;
    qint64 size = 0;
    if (entry.isSymlink())
        flags |= VixFileAttr::Symlink;
    else if (target.isDirectory())
        flags |= VixFileAttr::Directory;
    else if (target.type == FileType::Regular)
        size = target.size;
    const bool haveTarget = target.type != FileType::Unknown;
    out += "<fxi>";
    element(out, "Name", escaped(name));
    element(out, "ft", QByteArray::number(flags));
    element(out, "fs", unsignedText(size));
    element(out, "mt", unsignedText(haveTarget ? seconds(target.times.modified) : 0));
    element(out, "at", unsignedText(haveTarget ? seconds(target.times.accessed) : 0));
    element(out, "uid", QByteArray::number(haveTarget ? qint32(target.owner.id) : 0));
    element(out, "gid", QByteArray::number(haveTarget ? qint32(target.group.id) : 0));
    element(out, "perm", QByteArray::number(haveTarget ? posixMode(target) : 0));
    element(out, "slt", escaped(entry.isSymlink() ? entry.symlinkTarget : QByteArray()));
    out += "</fxi>";
}

qsizetype extendedInfoReserve(const QByteArray &name, const QByteArray &symlinkTarget)
{
    // strlen(fileExtendedInfoLinuxFormatString) with FMT64 "l" (64-bit
    // Linux), + 2 + 10 + 20 + 2 * 20 + 3 * 10, + the escaped strings.
    static const qsizetype kFormat =
        qsizetype(qstrlen("<fxi><Name>%s</Name><ft>%d</ft><fs>%lu</fs><mt>%lu</mt><at>%lu</at>"
                          "<uid>%d</uid><gid>%d</gid><perm>%d</perm><slt>%s</slt></fxi>"));
    return kFormat + 2 + 10 + 20 + 40 + 30 + escapedLength(symlinkTarget) + escapedLength(name);
}

} // namespace gk::vix::server::fileops
