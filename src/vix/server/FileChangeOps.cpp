// CreateDirectory(Ex), DeleteFile(Ex), DeleteDirectory(Ex),
// DeleteEmptyDirectory, MoveFile(Ex), MoveDirectory, SetGuestFileAttributes
// (services/plugins/vix/vixTools.c: VixToolsCreateDirectory,
// VixToolsDeleteObject, VixToolsDeleteDirectory, VixToolsMoveObject,
// VixToolsSetFileAttributes).
#include "FileOpsSupport.h"
#include "VixContext.h"
#include "VixOperationTable.h"
#include "platform/GuestSession.h"
#include "vix/codec/VixFileRequests.h"

namespace gk::vix::server {

namespace {

using namespace fileops;
using platform::FilePath;

OpReply done(const platform::PlatformError &e)
{
    return e ? failure(e) : OpReply::ok();
}

OpReply createDirectory(const VixCall &call)
{
    const auto &req = call.body<CreateDirectoryRequest>();
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(req.path);
    if (pathFacts(files, path).exists)
        return OpReply::failure(VixErr::FileAlreadyExists);
    return done(files.makeDirectory(path, req.createParentDirectories, 0700));
}

OpReply deleteObject(const VixCall &call)
{
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(call.body<SimpleFileRequest>().path);
    const PathFacts facts = pathFacts(files, path);
    switch (call.opCode()) {
    case VixOp::DeleteGuestFile:
    case VixOp::DeleteGuestFileEx:
        // A link is removed whatever it points to.
        if (!facts.isSymlink) {
            if (!facts.exists)
                return failure(facts.error);
            if (!facts.isFile)
                return OpReply::failure(VixErr::NotAFile);
        }
        return done(files.removeFile(path));
    case VixOp::DeleteGuestDirectory:
    case VixOp::DeleteGuestEmptyDirectory:
        if (!facts.exists)
            return failure(facts.error);
        if (!facts.isDirectory)
            return OpReply::failure(VixErr::NotADirectory);
        return done(files.removeDirectory(path, call.opCode() == VixOp::DeleteGuestDirectory
                                                    ? platform::RemoveMode::Recursive
                                                    : platform::RemoveMode::EmptyOnly));
    default: // DeleteGuestRegistryKey: no registry on this OS
        return OpReply::failure(VixErr::OpNotSupportedOnGuest);
    }
}

OpReply deleteDirectoryEx(const VixCall &call)
{
    const auto &req = call.body<DeleteDirectoryRequest>();
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(req.path);
    const PathFacts facts = pathFacts(files, path);
    if (!facts.exists)
        return failure(facts.error);
    if (facts.isSymlink || facts.isFile)
        return OpReply::failure(VixErr::NotADirectory);
    return done(files.removeDirectory(path, req.recursive ? platform::RemoveMode::Recursive
                                                          : platform::RemoveMode::EmptyOnly));
}

OpReply moveObject(const VixCall &call)
{
    const auto &req = call.body<MoveRequest>();
    const quint32 op = call.opCode();
    platform::SessionFiles &files = call.login.session->files();
    const FilePath from = guestPath(req.oldPath);
    const FilePath to = guestPath(req.newPath);
    const PathFacts src = pathFacts(files, from);
    if (!src.exists)
        return failure(src.error);
    // File_IsSameFile: moving a file onto itself succeeds without a rename.
    if (from == to)
        return OpReply::ok();
    const PathFacts dst = pathFacts(files, to);
    if (dst.isDirectory) {
        if (op == VixOp::MoveGuestFile)
            return OpReply::failure(VixErr::AlreadyExists);
        if (!dst.isSymlink)
            return OpReply::failure(VixErr::FileAlreadyExists);
    }
    if (op == VixOp::MoveGuestFileEx) {
        if (src.isDirectory && !src.isSymlink)
            return OpReply::failure(VixErr::NotAFile);
        if (!req.overwrite && dst.exists)
            return OpReply::failure(VixErr::FileAlreadyExists);
    } else if (op == VixOp::MoveGuestDirectory) {
        if (!src.isDirectory || src.isSymlink)
            return OpReply::failure(VixErr::NotADirectory);
        if (dst.isSymlink || dst.isFile)
            return OpReply::failure(VixErr::FileAlreadyExists);
    }
    // File_Move renames over whatever the checks above let through; with
    // overwrite off the refusal is atomic (a target that appeared meanwhile
    // is not replaced).
    platform::MoveOptions options;
    options.overwrite = !(op == VixOp::MoveGuestFileEx && !req.overwrite);
    return done(files.move(from, to, options));
}

OpReply setFileAttributes(const VixCall &call)
{
    const auto &req = call.body<SetFileAttributesRequest>();
    // Hidden and read-only are Windows attributes: INVALID_ARG on POSIX.
    if (req.isSet(VixFileAttrSet::Hidden) || req.isSet(VixFileAttrSet::ReadOnly))
        return OpReply::failure(VixErr::InvalidArg);
    platform::SessionFiles &files = call.login.session->files();
    const FilePath path = guestPath(req.path);
    const PathFacts facts = pathFacts(files, path);
    if (!facts.exists)
        return failure(facts.error);
    platform::AttributeChange change;
    constexpr qint64 kNs = 1000000000;
    if (req.isSet(VixFileAttrSet::AccessDate))
        change.accessed = req.accessTime * kNs;
    if (req.isSet(VixFileAttrSet::ModifyDate))
        change.modified = req.modificationTime * kNs;
    if (req.isSet(VixFileAttrSet::UnixOwnerId))
        change.owner = platform::FileOwner::fromId(quint32(req.ownerId));
    if (req.isSet(VixFileAttrSet::UnixGroupId))
        change.group = platform::FileOwner::fromId(quint32(req.groupId));
    if (req.isSet(VixFileAttrSet::UnixPermissions))
        change.mode = quint32(req.permissions) & 07777;
    return done(files.changeAttributes(path, change));
}

} // namespace

void addFileChangeOperations(VixOperationTable &table, VixContext &)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    auto row = [&table](quint32 op, const char *name, const char *wsdl,
                        OpReply (*fn)(const VixCall &)) {
        table.add({op, QString::fromLatin1(name), wsdl ? QString::fromLatin1(wsdl) : QString(),
                   C::Required, true, T::Worker, [fn](VixCall &call, VixDone reply) {
                       reply(fn(call));
                   }});
    };
    // The old opcodes share the WSDL name of their successor
    // (VixToolsCheckIfVixCommandEnabled).
    row(VixOp::CreateDirectory, "CreateDirectory", "MakeDirectoryInGuest", createDirectory);
    row(VixOp::CreateDirectoryEx, "CreateDirectoryEx", "MakeDirectoryInGuest", createDirectory);
    row(VixOp::DeleteGuestFile, "DeleteFile", "DeleteFileInGuest", deleteObject);
    row(VixOp::DeleteGuestFileEx, "DeleteFileEx", "DeleteFileInGuest", deleteObject);
    row(VixOp::DeleteGuestDirectory, "DeleteDirectory", "DeleteDirectoryInGuest", deleteObject);
    row(VixOp::DeleteGuestEmptyDirectory, "DeleteEmptyDirectory", "DeleteDirectoryInGuest",
        deleteObject);
    row(VixOp::DeleteGuestRegistryKey, "DeleteGuestRegistryKey", nullptr, deleteObject);
    row(VixOp::DeleteGuestDirectoryEx, "DeleteDirectoryEx", "DeleteDirectoryInGuest",
        deleteDirectoryEx);
    row(VixOp::MoveGuestFile, "MoveFile", "MoveFileInGuest", moveObject);
    row(VixOp::MoveGuestFileEx, "MoveFileEx", "MoveFileInGuest", moveObject);
    row(VixOp::MoveGuestDirectory, "MoveDirectory", "MoveDirectoryInGuest", moveObject);
    row(VixOp::SetGuestFileAttributes, "SetGuestFileAttributes", "ChangeFileAttributesInGuest",
        setFileAttributes);
}

} // namespace gk::vix::server
