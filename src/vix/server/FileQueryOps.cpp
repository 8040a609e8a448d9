// ListFiles, ListDirectory, GetFileInfo, FileExists, DirectoryExists,
// ListFileSystems (services/plugins/vix/vixTools.c: VixToolsListFiles,
// VixToolsListDirectory, VixToolsGetFileInfo, VixToolsObjectExists,
// VixToolsListFileSystems).
#include "FileListingCache.h"
#include "FileOpsSupport.h"
#include "VixContext.h"
#include "VixOperationTable.h"
#include "platform/GuestSession.h"
#include "platform/SystemInfoProvider.h"
#include "vix/codec/VixFileRequests.h"
#include "vix/codec/VixResultXml.h"
#include "vix/codec/VixTransferRequests.h"

#include <QRegularExpression>

#include <limits>

namespace gk::vix::server {

namespace {

using namespace fileops;
using platform::FileInfo;
using platform::FilePath;

constexpr int kBatch = 256;

bool matches(const QRegularExpression &re, const QByteArray &name)
{
    return re.pattern().isEmpty() || re.match(QString::fromUtf8(name)).hasMatch();
}

// The followed stat of an entry: what a symlink points to, the entry
// itself otherwise; type Unknown when a link is broken.
FileInfo targetOf(platform::SessionFiles &files, const FilePath &path, const FileInfo &entry)
{
    if (!entry.isSymlink())
        return entry;
    platform::Result<FileInfo> t = files.stat(path, true);
    return t.ok() ? t.value : FileInfo();
}

// Opens a cursor over the filtered listing of `dir` standing at `position`.
// The first pass only counts (vmtoolsd's "remaining" needs the total); the
// second streams the entries. Neither holds the directory.
platform::PlatformError openCursor(platform::SessionFiles &files, const FilePath &dir,
                                   const QRegularExpression &re, qint64 position,
                                   ListFilesCursor *cursor)
{
    for (const char *dot : {".", ".."}) {
        if (matches(re, dot))
            cursor->dots << QByteArray(dot);
    }
    auto counter = files.list(dir, re);
    if (!counter.ok())
        return counter.error;
    auto counted = counter.value->countToEnd();
    if (!counted.ok())
        return counted.error;
    cursor->total = cursor->dots.size() + counted.value;
    auto lister = files.list(dir, re);
    if (!lister.ok())
        return lister.error;
    cursor->lister = std::move(lister.value);
    cursor->position = position;
    if (position < cursor->dots.size()) {
        cursor->dotsLeft = int(cursor->dots.size() - position);
    } else {
        auto skipped = cursor->lister->skip(position - cursor->dots.size());
        if (!skipped.ok())
            return skipped.error;
    }
    return {};
}

// The next entry of the cursor without consuming it; null at the end.
const FileInfo *peek(platform::SessionFiles &files, const FilePath &dir, ListFilesCursor &c,
                     FileInfo *dot, platform::PlatformError *error)
{
    if (c.dotsLeft > 0) {
        const QByteArray &name = c.dots.at(c.dots.size() - c.dotsLeft);
        platform::Result<FileInfo> st = files.stat(dir.child(name), false);
        *dot = st.ok() ? st.value : FileInfo();
        dot->name = name;
        return dot;
    }
    if (c.pendingIndex >= c.pending.size()) {
        c.pending.clear();
        c.pendingIndex = 0;
        if (c.lister->atEnd())
            return nullptr;
        auto batch = c.lister->nextBatch(kBatch);
        if (!batch.ok()) {
            *error = batch.error;
            return nullptr;
        }
        c.pending = std::move(batch.value);
        if (c.pending.isEmpty())
            return nullptr;
    }
    return &c.pending.at(c.pendingIndex);
}

void consume(ListFilesCursor &c)
{
    if (c.dotsLeft > 0)
        --c.dotsLeft;
    else
        ++c.pendingIndex;
    ++c.position;
}

OpReply listFiles(VixContext &ctx, const VixCall &call)
{
    const auto &req = call.body<ListFilesRequest>();
    // hostd refuses negative values before they reach the guest
    // (guestOps.c GuestOpsListFiles, cited in VixToolsListFiles).
    if (req.index < 0 || req.maxResults < 0)
        return OpReply::failure(VixErr::InvalidArg);
    platform::SessionFiles &files = call.login.session->files();
    QRegularExpression re;
    if (!req.pattern.isEmpty()) {
        re.setPattern(req.pattern);
        if (!re.isValid())
            return OpReply::failure(VixErr::InvalidArg);
    }
    const FilePath dir = guestPath(req.path);
    const PathFacts facts = pathFacts(files, dir);
    const qint64 offset = qint64(req.offset);
    const qint64 position = qint64(req.index) + offset;
    const qint64 maxOffsetResults = req.maxResults > 0 ? req.maxResults - offset : 0;
    qsizetype size = 3 + qsizetype(qstrlen("<rem>%d</rem>")) + 10;
    QByteArray entries;
    entries.reserve(kVixMaxResultSize);
    bool truncated = false;
    qint64 remaining = 0;

    // File_IsSymLink first: File_IsDirectory follows links.
    if (facts.isSymlink || !facts.isDirectory) {
        if (!facts.exists)
            return failure(facts.error);
        // A file (or a link) lists as itself, named by the whole path.
        const qint64 total = matches(re, dir.bytes()) ? 1 : 0;
        if (req.maxResults == 0) {
            remaining = req.index < total ? total - req.index : 0;
        } else if (position < total) {
            platform::Result<FileInfo> self = files.stat(dir, false);
            if (!self.ok())
                return failure(self.error);
            entries = extendedInfoEntry(dir.bytes(), self.value, targetOf(files, dir, self.value));
        }
        return OpReply::ok(VixXml::listFilesPrefix(false, qint32(remaining)) + entries);
    }

    const QString &user = call.login.account.name;
    std::unique_ptr<ListFilesCursor> cursor =
        ctx.fileListings->take(user, dir.bytes(), req.pattern, position);
    if (!cursor) {
        cursor = std::make_unique<ListFilesCursor>();
        cursor->user = user;
        cursor->directory = dir.bytes();
        cursor->pattern = req.pattern;
        cursor->session = call.login.session;
        if (const platform::PlatformError e = openCursor(files, dir, re, position, cursor.get()))
            return failure(e);
    }
    if (req.maxResults == 0) {
        remaining = req.index < cursor->total ? cursor->total - req.index : 0;
    } else {
        qint64 count = 0;
        FileInfo dot;
        platform::PlatformError error;
        while (const FileInfo *next = peek(files, dir, *cursor, &dot, &error)) {
            const FileInfo &entry = *next;
            const FilePath path = dir.child(entry.name);
            const qsizetype reserve =
                extendedInfoReserve(entry.name, entry.isSymlink() ? entry.symlinkTarget : "");
            if (size + reserve >= kVixMaxResultSize) {
                truncated = true;
                remaining = cursor->total - cursor->position;
                break;
            }
            size += reserve;
            appendExtendedInfoEntry(entries, entry.name, entry,
                                    entry.isSymlink() ? targetOf(files, path, entry) : entry);
            consume(*cursor);
            if (++count == maxOffsetResults) {
                remaining = cursor->total - cursor->position;
                break;
            }
        }
        if (error)
            return failure(error);
    }
    remaining = qBound<qint64>(0, remaining, std::numeric_limits<qint32>::max());
    const bool finished = cursor->dotsLeft == 0 && cursor->pendingIndex >= cursor->pending.size() &&
                          cursor->lister->atEnd();
    if (!finished)
        ctx.fileListings->put(std::move(cursor));
    return OpReply::ok(VixXml::listFilesPrefix(truncated, qint32(remaining)) + entries);
}

// VixToolsPrintFileInfo: flags and size follow links; the name escaped on request.
QByteArray fileInfoEntry(platform::SessionFiles &files, const FilePath &path,
                         const QByteArray &name, bool escape)
{
    const PathFacts facts = pathFacts(files, path);
    qint32 flags = 0;
    qint64 size = 0;
    if (facts.isDirectory) {
        flags |= VixFileAttr::Directory;
    } else {
        if (facts.isSymlink)
            flags |= VixFileAttr::Symlink;
        if (facts.isFile)
            size = facts.target.size;
    }
    const qint64 modTime = facts.exists ? seconds(facts.target.times.modified) : -1;
    return "<FileInfo><Name>" + (escape ? VixXml::escape(name) : name) + "</Name><FileFlags>" +
           QByteArray::number(flags) + "</FileFlags><FileSize>" + QByteArray::number(size) +
           "</FileSize><ModTime>" + QByteArray::number(modTime) + "</ModTime></FileInfo>";
}

OpReply listDirectory(const VixCall &call)
{
    const auto &req = call.body<ListDirectoryRequest>();
    platform::SessionFiles &files = call.login.session->files();
    const bool escape = call.request->header.wantsEscapedXml();
    const FilePath dir = guestPath(req.path);
    if (!pathFacts(files, dir).isDirectory)
        return OpReply::failure(VixErr::NotADirectory);
    if (req.offset < 0)
        return OpReply::failure(VixErr::InvalidArg);
    auto lister = files.list(dir);
    if (!lister.ok())
        return failure(lister.error);
    if (req.offset > 0) {
        if (auto s = lister.value->skip(req.offset); !s.ok())
            return failure(s.error);
    }
    // The sizes vmtoolsd reserves (fileInfoFormatString with FMT64 "l").
    static const qsizetype kFormat =
        qsizetype(qstrlen("<FileInfo><Name>%s</Name><FileFlags>%d</FileFlags>"
                          "<FileSize>%ld</FileSize><ModTime>%ld</ModTime></FileInfo>"));
    qsizetype size = 3 + (escape ? qsizetype(qstrlen(VixXml::kEscapedTag)) : 0);
    bool truncated = false;
    QByteArray entries;
    while (!truncated) {
        auto batch = lister.value->nextBatch(kBatch);
        if (!batch.ok())
            return failure(batch.error);
        if (batch.value.isEmpty())
            break;
        for (const FileInfo &f : std::as_const(batch.value)) {
            size += kFormat + (escape ? escapedLength(f.name) : f.name.size()) + 2 + 50;
            if (size >= kVixMaxResultSize) {
                truncated = true;
                break;
            }
            entries += fileInfoEntry(files, dir.child(f.name), f.name, escape);
        }
    }
    QByteArray out = req.hasOffset() ? VixXml::listDirectoryPrefix(truncated) : QByteArray();
    if (escape)
        out += VixXml::kEscapedTag;
    return OpReply::ok(out + entries);
}

OpReply getFileInfo(const VixCall &call)
{
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(call.body<SimpleFileRequest>().path);
    if (!pathFacts(files, path).exists)
        return OpReply::failure(VixErr::FileNotFound);
    return OpReply::ok(fileInfoEntry(files, path, QByteArray(), false));
}

OpReply objectExists(const VixCall &call)
{
    platform::SessionFiles &files = call.login.session->files();
    const PathFacts facts = pathFacts(files, guestPath(call.body<SimpleFileRequest>().path));
    const bool yes = call.opCode() == VixOp::GuestFileExists ? facts.isFile : facts.isDirectory;
    return OpReply::ok(yes ? "1" : "0");
}

OpReply listFileSystems(VixContext &ctx, const VixCall &call)
{
    platform::Result<QList<platform::FileSystemInfo>> all = ctx.systemInfo->fileSystems();
    if (!all.ok())
        return failure(all.error);
    const bool escape = call.request->header.wantsEscapedXml();
    QByteArray out;
    for (const auto &fs : std::as_const(all.value)) {
        const QByteArray entry =
            VixXml::fileSystem(fs.device, fs.capacityBytes, fs.freeBytes, fs.type, escape);
        // VixToolsPrintFileSystemInfo stops at the first entry that does not fit.
        if (out.size() + entry.size() >= kVixTcloBufferSize)
            break;
        out += entry;
    }
    return OpReply::ok(out);
}

} // namespace

void addFileQueryOperations(VixOperationTable &table, VixContext &ctx)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    const QString listFilesName = QStringLiteral("ListFilesInGuest");
    table.add({VixOp::ListFiles, QStringLiteral("ListFiles"), listFilesName, C::Required, true,
               T::Worker, [&ctx](VixCall &call, VixDone done) {
                   done(listFiles(ctx, call));
               }});
    // The operations without a WSDL name follow only the global switch
    // (VixToolsCheckIfVixCommandEnabled's shared case).
    table.add({VixOp::ListDirectory, QStringLiteral("ListDirectory"), QString(), C::Required, true,
               T::Worker, [](VixCall &call, VixDone done) {
                   done(listDirectory(call));
               }});
    table.add({VixOp::GetFileInfo, QStringLiteral("GetFileInfo"), QString(), C::Required, true,
               T::Worker, [](VixCall &call, VixDone done) {
                   done(getFileInfo(call));
               }});
    // vmtoolsd prints its "%d" result whatever happened, failures included.
    for (const auto &[op, name] : {std::pair{VixOp::GuestFileExists, "FileExists"},
                                   std::pair{VixOp::DirectoryExists, "DirectoryExists"}}) {
        table.add({op, QString::fromLatin1(name), QString(), C::Required, true, T::Worker,
                   [](VixCall &call, VixDone done) { done(objectExists(call)); }, QByteArray("0")});
    }
    table.add({VixOp::ListFileSystems, QStringLiteral("ListFileSystems"), QString(), C::Required,
               true, T::Worker, [&ctx](VixCall &call, VixDone done) {
                   done(listFileSystems(ctx, call));
               }});
}

} // namespace gk::vix::server
