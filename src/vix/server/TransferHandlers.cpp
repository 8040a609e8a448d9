#include "TransferHandlers.h"

#include "hgfs/server/ArchiveHandler.h"
#include "hgfs/server/GuestFileHandler.h"
#include "hgfs/server/ProcessIo.h"

namespace gk::vix::server {

using hgfs::HgfsErrorKind;

hgfs::server::HgfsHandlerRegistry &transferHandlers(VixContext &context)
{
    if (!context.transferHandlers) {
        auto registry = std::make_shared<hgfs::server::HgfsHandlerRegistry>();
        registry->setDefault(
            std::make_shared<hgfs::server::GuestFileHandler>(context.durableUploads));
        registry->add(hgfs::server::ArchiveHandler::kScheme,
                      std::make_shared<hgfs::server::ArchiveHandler>());
        if (!context.processIo)
            context.processIo = std::make_shared<hgfs::server::ProcessIoTable>();
        auto io = std::make_shared<hgfs::server::ProcessIoHandler>(context.processIo);
        registry->addMatcher([io](const QByteArray &path) { return io->matches(path); }, io);
        context.transferHandlers = std::move(registry);
    }
    return *context.transferHandlers;
}

hgfs::server::ProcessIoTable &processIoTable(VixContext &context)
{
    transferHandlers(context);
    return *context.processIo;
}

VixError vixErrorFor(const hgfs::server::HgfsError &error)
{
    switch (error.kind) {
    case HgfsErrorKind::None:
        return VixErr::Ok;
    case HgfsErrorKind::NotFound:
        return VixErr::FileNotFound;
    case HgfsErrorKind::Exists:
        return VixErr::FileAlreadyExists;
    case HgfsErrorKind::IsADirectory:
        return VixErr::NotAFile;
    case HgfsErrorKind::NotADirectory:
        return VixErr::NotADirectory;
    case HgfsErrorKind::PermissionDenied:
    case HgfsErrorKind::OperationNotPermitted:
        return VixErr::FileAccessError;
    case HgfsErrorKind::InvalidName:
    case HgfsErrorKind::NameTooLong:
        return VixErr::FileNameInvalid;
    case HgfsErrorKind::InvalidParameter:
        return VixErr::InvalidArg;
    case HgfsErrorKind::NotSupported:
        return VixErr::NotSupported;
    case HgfsErrorKind::Busy:
        return VixErr::ObjectIsBusy;
    default:
        return VixErr::Fail;
    }
}

} // namespace gk::vix::server
