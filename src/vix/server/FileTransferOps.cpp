// InitiateFileTransferFromGuest, InitiateFileTransferToGuest: the checks
// and answers that precede the HGFS transfer
// (services/plugins/vix/vixTools.c VixToolsInitiateFileTransferFromGuest,
// VixToolsInitiateFileTransferToGuest).
#include "FileOpsSupport.h"
#include "TransferHandlers.h"
#include "VixContext.h"
#include "VixOperationTable.h"
#include "hgfs/server/GuestFileHandler.h"
#include "platform/GuestSession.h"
#include "platform/SystemPaths.h"
#include "vix/codec/VixTransferRequests.h"

#include <optional>

namespace gk::vix::server {

namespace {

using namespace fileops;
using platform::FilePath;

// A path an HGFS handler other than the file system serves ("/archive:/dir",
// "/proc/<pid>/stdout"): the handler answers, as govmomi's
// InitiateFileTransfer* ask its FileServer.Stat. Empty when the path is an
// ordinary one.
std::optional<OpReply> specialTransfer(const VixCall &call,
                                       hgfs::server::HgfsHandlerRegistry &handlers,
                                       const FilePath &path, bool toGuest)
{
    const auto target = handlers.resolve(path.bytes());
    if (!target.special)
        return std::nullopt;
    auto info = target.handler->stat(call.login.session, target.path);
    if (!info.ok()) {
        // Output not there yet (the process still runs): govmomi answers
        // FileAccessError, which clients retry (toolbox/process.go Stat).
        return OpReply::failure(vixErrorFor(info.error));
    }
    if (toGuest)
        return OpReply::ok();
    return OpReply::ok(extendedInfoEntry(path.bytes(), info.value, info.value));
}

OpReply transferFromGuest(const VixCall &call, hgfs::server::HgfsHandlerRegistry &handlers)
{
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(call.body<FileTransferFromGuestRequest>().path);
    if (auto special = specialTransfer(call, handlers, path, false))
        return *special;
    const PathFacts facts = pathFacts(files, path);
    if (facts.isSymlink)
        return OpReply::failure(VixErr::InvalidArg);
    if (facts.isDirectory)
        return OpReply::failure(VixErr::NotAFile);
    if (!facts.exists)
        return failure(facts.error);
    // vmtoolsd checks no read permission here (the HGFS open that follows
    // does, as the user): a readable name answers OK whatever its mode.
    // One <fxi> entry named by the whole path (VixToolsPrintFileExtendedInfoEx),
    // with the size the HGFS transfer delivers: a /proc or /sys file of stat
    // size 0 is measured the way the HGFS server measures it (govmomi's
    // toolbox answers its hgfs Stat here too), so the host expects the bytes
    // that come.
    platform::FileInfo target = facts.target;
    target.size = hgfs::server::GuestFileHandler::transferSize(files, path, target);
    return OpReply::ok(extendedInfoEntry(path.bytes(), target, target));
}

OpReply transferToGuest(const VixCall &call, hgfs::server::HgfsHandlerRegistry &handlers)
{
    const auto &req = call.body<FileTransferToGuestRequest>();
    if (auto special = specialTransfer(call, handlers, guestPath(req.path), true))
        return *special;
    // Hidden and read-only are Windows attributes: INVALID_ARG on POSIX.
    if ((req.options & VixFileAttrSet::Hidden) || (req.options & VixFileAttrSet::ReadOnly))
        return OpReply::failure(VixErr::InvalidArg);
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(req.path);
    const PathFacts facts = pathFacts(files, path);
    if (facts.isSymlink)
        return OpReply::failure(VixErr::InvalidArg);
    if (facts.exists) {
        if (facts.isDirectory)
            return OpReply::failure(VixErr::NotAFile);
        if (!req.overwrite)
            return OpReply::failure(VixErr::FileAlreadyExists);
        if (files.checkWritable(path))
            return OpReply::failure(VixErr::FileAccessError);
    }
    const QByteArray dir = platform::directoryOfGuestPath(path.bytes());
    if (dir.isEmpty() || !pathFacts(files, FilePath::fromBytes(dir)).isDirectory)
        return OpReply::failure(VixErr::FileNameInvalid);
    if (files.checkWritable(FilePath::fromBytes(dir)))
        return OpReply::failure(VixErr::FileAccessError);
    return OpReply::ok();
}

} // namespace

void addFileTransferOperations(VixOperationTable &table, VixContext &context)
{
    hgfs::server::HgfsHandlerRegistry *handlers = &transferHandlers(context);
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    table.add({VixOp::InitiateFileTransferFromGuest,
               QStringLiteral("InitiateFileTransferFromGuest"),
               QStringLiteral("InitiateFileTransferFromGuest"), C::Required, true, T::Worker,
               [handlers](VixCall &call, VixDone done) {
                   done(transferFromGuest(call, *handlers));
               }});
    table.add({VixOp::InitiateFileTransferToGuest, QStringLiteral("InitiateFileTransferToGuest"),
               QStringLiteral("InitiateFileTransferToGuest"), C::Required, true, T::Worker,
               [handlers](VixCall &call, VixDone done) {
                   done(transferToGuest(call, *handlers));
               }});
}

} // namespace gk::vix::server
