// guestkit-vmx's file commands, in govc's guest.* vocabulary: ls, mkdir, rm,
// rmdir, mv, mktemp, chmod, chown, touch, df.
#include "VixFileClient.h"
#include "VmxCommands.h"
#include "vix/codec/VixFileRequests.h"
#include "vix/codec/VixTransferRequests.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace gk::vmx {

namespace {

using namespace gk::vix;

// Flags first (each in `known`, those in `withValue` take the next
// argument), then the operands.
struct Parsed
{
    QHash<QString, QString> flags;
    QStringList operands;
};
bool parseArgs(const QStringList &args, const QStringList &known, const QStringList &withValue,
               Parsed *out)
{
    int i = 0;
    for (; i < args.size() && args.at(i).startsWith(QLatin1Char('-')) && args.at(i).size() > 1;
         ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--")) {
            ++i;
            break;
        }
        if (withValue.contains(a)) {
            if (i + 1 >= args.size())
                return false;
            out->flags.insert(a, args.at(++i));
        } else if (known.contains(a)) {
            out->flags.insert(a, QString());
        } else {
            return false;
        }
    }
    out->operands = args.mid(i);
    return true;
}

CommandOutput usage(const QString &text)
{
    return CommandOutput::error(QStringLiteral("usage: ") + text, 2);
}

CommandOutput simple(VmxSession &s, quint32 op, const QByteArray &body)
{
    VixClient client(s.sim, s.credentials);
    const VixCallResult r = client.call(op, body);
    if (!r.ok())
        return vixErrorOutput(r, &s);
    CommandOutput out;
    out.json = QJsonObject{{QStringLiteral("ok"), true}};
    return out;
}

QString modeString(qint32 mode, qint32 flags)
{
    QString m;
    const qint32 type = mode & 0170000;
    m += (flags & VixFileAttr::Symlink)     ? QLatin1Char('l')
         : (flags & VixFileAttr::Directory) ? QLatin1Char('d')
         : type == 0020000                  ? QLatin1Char('c')
         : type == 0060000                  ? QLatin1Char('b')
         : type == 0010000                  ? QLatin1Char('p')
         : type == 0140000                  ? QLatin1Char('s')
                                            : QLatin1Char('-');
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i)
        m += (mode & (0400 >> i)) ? QLatin1Char(rwx[i]) : QLatin1Char('-');
    return m;
}

CommandOutput runLs(VmxSession &s, const QStringList &args)
{
    Parsed p;
    if (!parseArgs(args, {QStringLiteral("-l")}, {QStringLiteral("-p")}, &p) ||
        p.operands.size() != 1)
        return usage(QStringLiteral("ls [-l] [-p REGEX] PATH"));
    VixClient client(s.sim, s.credentials);
    QList<GuestFileEntry> entries;
    const VixCallResult r = listGuestFiles(client, p.operands.first(),
                                           p.flags.value(QStringLiteral("-p")), 1000, &entries);
    if (!r.ok())
        return vixErrorOutput(r, &s);
    const bool longForm = p.flags.contains(QStringLiteral("-l"));
    QStringList lines;
    QJsonArray array;
    for (const GuestFileEntry &e : std::as_const(entries)) {
        const QString name = printable(e.name);
        if (longForm) {
            QString line = QStringLiteral("%1 %2 %3 %4 %5 %6")
                               .arg(modeString(e.permissions, e.flags))
                               .arg(e.uid, 5)
                               .arg(e.gid, 5)
                               .arg(e.size, 10)
                               .arg(QDateTime::fromSecsSinceEpoch(qint64(e.modTime), Qt::UTC)
                                        .toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                               .arg(name);
            if (!e.symlinkTarget.isEmpty())
                line += QStringLiteral(" -> ") + printable(e.symlinkTarget);
            lines << line;
        } else {
            lines << name;
        }
        array.append(
            QJsonObject{{QStringLiteral("name"), QString::fromUtf8(e.name)},
                        {QStringLiteral("flags"), e.flags},
                        {QStringLiteral("size"), qint64(e.size)},
                        {QStringLiteral("modTime"), qint64(e.modTime)},
                        {QStringLiteral("accessTime"), qint64(e.accessTime)},
                        {QStringLiteral("uid"), e.uid},
                        {QStringLiteral("gid"), e.gid},
                        {QStringLiteral("permissions"), e.permissions},
                        {QStringLiteral("symlinkTarget"), QString::fromUtf8(e.symlinkTarget)}});
    }
    CommandOutput out;
    out.text = lines.join(QLatin1Char('\n'));
    out.json = QJsonObject{{QStringLiteral("files"), array}};
    return out;
}

CommandOutput runMkdir(VmxSession &s, const QStringList &args)
{
    Parsed p;
    if (!parseArgs(args, {QStringLiteral("-p")}, {}, &p) || p.operands.size() != 1)
        return usage(QStringLiteral("mkdir [-p] PATH"));
    CreateDirectoryRequest req;
    req.path = p.operands.first();
    req.createParentDirectories = p.flags.contains(QStringLiteral("-p"));
    return simple(s, VixOp::CreateDirectoryEx, req.encode(true));
}

CommandOutput runRm(VmxSession &s, const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("rm PATH"));
    SimpleFileRequest req;
    req.path = args.first();
    return simple(s, VixOp::DeleteGuestFileEx, req.encode());
}

CommandOutput runRmdir(VmxSession &s, const QStringList &args)
{
    Parsed p;
    if (!parseArgs(args, {QStringLiteral("-r")}, {}, &p) || p.operands.size() != 1)
        return usage(QStringLiteral("rmdir [-r] PATH"));
    DeleteDirectoryRequest req;
    req.path = p.operands.first();
    req.recursive = p.flags.contains(QStringLiteral("-r"));
    return simple(s, VixOp::DeleteGuestDirectoryEx, req.encode());
}

// govc guest.mv: MoveFile, and MoveDirectory when the source is a directory.
CommandOutput runMv(VmxSession &s, const QStringList &args)
{
    Parsed p;
    if (!parseArgs(args, {QStringLiteral("-n")}, {}, &p) || p.operands.size() != 2)
        return usage(QStringLiteral("mv [-n] SOURCE TARGET"));
    MoveRequest req;
    req.oldPath = p.operands.at(0);
    req.newPath = p.operands.at(1);
    req.overwrite = !p.flags.contains(QStringLiteral("-n"));
    VixClient client(s.sim, s.credentials);
    VixCallResult r = client.call(VixOp::MoveGuestFileEx, req.encode(true));
    if (r.delivered && r.reply.error == VixErr::NotAFile)
        r = client.call(VixOp::MoveGuestDirectory, req.encode(true));
    if (!r.ok())
        return vixErrorOutput(r, &s);
    CommandOutput out;
    out.json = QJsonObject{{QStringLiteral("ok"), true}};
    return out;
}

CommandOutput runMktemp(VmxSession &s, const QStringList &args)
{
    Parsed p;
    if (!parseArgs(args, {QStringLiteral("-d")}, {QStringLiteral("-p"), QStringLiteral("-s")},
                   &p) ||
        p.operands.size() > 1)
        return usage(QStringLiteral("mktemp [-d] [-p PREFIX] [-s SUFFIX] [DIRECTORY]"));
    CreateTempFileRequest req;
    req.prefix = p.flags.value(QStringLiteral("-p"));
    req.suffix = p.flags.value(QStringLiteral("-s"));
    req.directory = p.operands.value(0);
    VixClient client(s.sim, s.credentials);
    const VixCallResult r =
        client.call(p.flags.contains(QStringLiteral("-d")) ? VixOp::CreateTemporaryDirectory
                                                           : VixOp::CreateTemporaryFileEx,
                    req.encode());
    if (!r.ok())
        return vixErrorOutput(r, &s);
    CommandOutput out;
    out.text = QString::fromUtf8(r.reply.result);
    out.json = QJsonObject{{QStringLiteral("path"), out.text}};
    return out;
}

CommandOutput setAttributes(VmxSession &s, SetFileAttributesRequest req)
{
    return simple(s, VixOp::SetGuestFileAttributes, req.encode());
}

CommandOutput runChmod(VmxSession &s, const QStringList &args)
{
    bool ok = false;
    const int mode = args.size() == 2 ? args.at(0).toInt(&ok, 8) : 0;
    if (!ok || mode < 0 || mode > 07777)
        return usage(QStringLiteral("chmod OCTAL-MODE PATH"));
    SetFileAttributesRequest req;
    req.fileOptions = VixFileAttrSet::UnixPermissions;
    req.permissions = mode;
    req.path = args.at(1);
    return setAttributes(s, req);
}

CommandOutput runChown(VmxSession &s, const QStringList &args)
{
    if (args.size() != 2)
        return usage(QStringLiteral("chown UID[:GID] PATH"));
    const QStringList ids = args.at(0).split(QLatin1Char(':'));
    SetFileAttributesRequest req;
    bool ok = true;
    if (!ids.value(0).isEmpty()) {
        req.fileOptions |= VixFileAttrSet::UnixOwnerId;
        req.ownerId = ids.value(0).toInt(&ok);
    }
    if (ok && ids.size() > 1 && !ids.value(1).isEmpty()) {
        req.fileOptions |= VixFileAttrSet::UnixGroupId;
        req.groupId = ids.value(1).toInt(&ok);
    }
    if (!ok || req.fileOptions == 0 || ids.size() > 2)
        return usage(QStringLiteral("chown UID[:GID] PATH (numeric ids)"));
    req.path = args.at(1);
    return setAttributes(s, req);
}

// govc guest.touch: sets the times, and creates a missing file (here: an
// empty temporary file in the same directory renamed without overwrite,
// since the bytes of a new file travel over HGFS).
CommandOutput runTouch(VmxSession &s, const QStringList &args)
{
    Parsed p;
    if (!parseArgs(args, {QStringLiteral("-a"), QStringLiteral("-m"), QStringLiteral("-c")},
                   {QStringLiteral("-d")}, &p) ||
        p.operands.size() != 1)
        return usage(QStringLiteral("touch [-a] [-m] [-c] [-d UNIX-SECONDS] PATH"));
    const QString path = p.operands.first();
    VixClient client(s.sim, s.credentials);
    SimpleFileRequest exists;
    exists.path = path;
    const VixCallResult probe = client.call(VixOp::GetFileInfo, exists.encode());
    if (!probe.delivered)
        return vixErrorOutput(probe, &s);
    if (probe.reply.error == VixErr::FileNotFound && !p.flags.contains(QStringLiteral("-c"))) {
        CreateTempFileRequest temp;
        temp.prefix = QStringLiteral(".touch-");
        const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
        temp.directory = slash <= 0 ? QStringLiteral("/") : path.left(slash);
        const VixCallResult made = client.call(VixOp::CreateTemporaryFileEx, temp.encode());
        if (!made.ok())
            return vixErrorOutput(made, &s);
        MoveRequest move;
        move.oldPath = QString::fromUtf8(made.reply.result);
        move.newPath = path;
        move.overwrite = false;
        const VixCallResult moved = client.call(VixOp::MoveGuestFileEx, move.encode(true));
        if (!moved.ok()) {
            SimpleFileRequest cleanup;
            cleanup.path = move.oldPath;
            client.call(VixOp::DeleteGuestFileEx, cleanup.encode());
            return vixErrorOutput(moved, &s);
        }
    } else if (!probe.ok()) {
        return vixErrorOutput(probe, &s);
    }
    bool ok = true;
    const qint64 when = p.flags.contains(QStringLiteral("-d"))
                            ? p.flags.value(QStringLiteral("-d")).toLongLong(&ok)
                            : QDateTime::currentSecsSinceEpoch();
    if (!ok)
        return usage(QStringLiteral("touch: -d takes seconds since 1970"));
    const bool onlyA = p.flags.contains(QStringLiteral("-a"));
    const bool onlyM = p.flags.contains(QStringLiteral("-m"));
    SetFileAttributesRequest req;
    req.path = path;
    if (onlyA || !onlyM) {
        req.fileOptions |= VixFileAttrSet::AccessDate;
        req.accessTime = when;
    }
    if (onlyM || !onlyA) {
        req.fileOptions |= VixFileAttrSet::ModifyDate;
        req.modificationTime = when;
    }
    return setAttributes(s, req);
}

CommandOutput runDf(VmxSession &s, const QStringList &args)
{
    if (!args.isEmpty())
        return usage(QStringLiteral("df"));
    VixClient client(s.sim, s.credentials);
    ListFileSystemsRequest req;
    const VixCallResult r = client.call(VixOp::ListFileSystems, req.encode());
    if (!r.ok())
        return vixErrorOutput(r, &s);
    QStringList lines{QStringLiteral("%1 %2 %3 %4")
                          .arg(QStringLiteral("Filesystem"), -30)
                          .arg(QStringLiteral("Type"), -10)
                          .arg(QStringLiteral("Size"), 16)
                          .arg(QStringLiteral("Free"), 16)};
    QJsonArray array;
    qsizetype pos = 0;
    while (true) {
        const qsizetype start = r.reply.result.indexOf("<filesystem>", pos);
        if (start < 0)
            break;
        const qsizetype end = r.reply.result.indexOf("</filesystem>", start);
        if (end < 0)
            break;
        const QByteArray f = r.reply.result.mid(start, end - start);
        const QString name = QString::fromUtf8(vixXmlUnescapeBytes(vixXmlField(f, "name")));
        const QString type = QString::fromUtf8(vixXmlUnescapeBytes(vixXmlField(f, "type")));
        const quint64 size = vixXmlField(f, "size").toULongLong();
        const quint64 free = vixXmlField(f, "freeSpace").toULongLong();
        lines << QStringLiteral("%1 %2 %3 %4")
                     .arg(name, -30)
                     .arg(type, -10)
                     .arg(size, 16)
                     .arg(free, 16);
        array.append(QJsonObject{{QStringLiteral("name"), name},
                                 {QStringLiteral("type"), type},
                                 {QStringLiteral("size"), qint64(size)},
                                 {QStringLiteral("freeSpace"), qint64(free)}});
        pos = end;
    }
    CommandOutput out;
    out.text = lines.join(QLatin1Char('\n'));
    out.json = QJsonObject{{QStringLiteral("filesystems"), array}};
    return out;
}

} // namespace

QList<VmxCommand> fileVmxCommands()
{
    return {
        {QStringLiteral("ls"), QStringLiteral("[-l] [-p REGEX] PATH"),
         QStringLiteral("list a guest directory (ListFiles, paged to the end)"), runLs},
        {QStringLiteral("mkdir"), QStringLiteral("[-p] PATH"),
         QStringLiteral("create a guest directory"), runMkdir},
        {QStringLiteral("rm"), QStringLiteral("PATH"), QStringLiteral("delete a guest file"),
         runRm},
        {QStringLiteral("rmdir"), QStringLiteral("[-r] PATH"),
         QStringLiteral("delete a guest directory"), runRmdir},
        {QStringLiteral("mv"), QStringLiteral("[-n] SOURCE TARGET"),
         QStringLiteral("move a guest file or directory (-n: no overwrite)"), runMv},
        {QStringLiteral("mktemp"), QStringLiteral("[-d] [-p PREFIX] [-s SUFFIX] [DIR]"),
         QStringLiteral("create a temporary guest file or directory"), runMktemp},
        {QStringLiteral("chmod"), QStringLiteral("OCTAL-MODE PATH"),
         QStringLiteral("change a guest file's permissions"), runChmod},
        {QStringLiteral("chown"), QStringLiteral("UID[:GID] PATH"),
         QStringLiteral("change a guest file's owner and group"), runChown},
        {QStringLiteral("touch"), QStringLiteral("[-a] [-m] [-c] [-d SECONDS] PATH"),
         QStringLiteral("set a guest file's times, creating it if missing"), runTouch},
        {QStringLiteral("df"), QString(), QStringLiteral("the guest's file systems"), runDf},
    };
}

} // namespace gk::vmx
