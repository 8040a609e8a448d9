// CreateTemporaryFile, CreateTemporaryFileEx, CreateTemporaryDirectory
// (services/plugins/vix/vixTools.c VixToolsCreateTempFile, VixToolsGetTempFile).
#include "FileOpsSupport.h"
#include "VixContext.h"
#include "VixOperationTable.h"
#include "platform/GuestSession.h"
#include "vix/codec/VixTransferRequests.h"

namespace gk::vix::server {

namespace {

using namespace fileops;

OpReply createTemp(const VixCall &call)
{
    platform::SessionFiles &files = call.login.session->files();
    platform::TempRequest temp;
    // The name is prefix + "vmware" + a number + suffix
    // (VixToolsGetTempFileCreateNameFunc); the old opcode has neither.
    QString prefix;
    if (call.opCode() != VixOp::CreateTemporaryFile) {
        const auto &req = call.body<CreateTempFileRequest>();
        prefix = req.prefix;
        temp.suffix = req.suffix.toUtf8();
        temp.directory = guestPath(req.directory);
        if (call.opCode() == VixOp::CreateTemporaryDirectory)
            temp.kind = platform::TempRequest::Kind::Directory;
    }
    temp.prefix = prefix.toUtf8() + "vmware";
    if (!temp.directory.isEmpty()) {
        const PathFacts facts = pathFacts(files, temp.directory);
        if (!facts.exists)
            return failure(facts.error);
        if (facts.isFile)
            return OpReply::failure(VixErr::NotADirectory);
    }
    platform::Result<platform::FilePath> made = files.createTemporary(temp);
    if (!made.ok())
        return failure(made.error);
    return OpReply::ok(made.value.bytes());
}

} // namespace

void addTempFileOperations(VixOperationTable &table, VixContext &)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    const struct
    {
        quint32 op;
        const char *name;
        const char *wsdl;
    } rows[] = {
        {VixOp::CreateTemporaryFile, "CreateTemporaryFile", "CreateTemporaryFileInGuest"},
        {VixOp::CreateTemporaryFileEx, "CreateTemporaryFileEx", "CreateTemporaryFileInGuest"},
        {VixOp::CreateTemporaryDirectory, "CreateTemporaryDirectory",
         "CreateTemporaryDirectoryInGuest"},
    };
    for (const auto &r : rows) {
        table.add({r.op, QString::fromLatin1(r.name), QString::fromLatin1(r.wsdl), C::Required,
                   true, T::Worker, [](VixCall &call, VixDone done) {
                       done(createTemp(call));
                   }});
    }
}

} // namespace gk::vix::server
