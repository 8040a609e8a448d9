#include "VixErrorMap.h"

namespace gk::vix::server {

namespace {

using Kind = platform::PlatformError::Kind;

// Vix_TranslateErrno, by kind instead of errno.
VixError translated(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return VixErr::Ok;
    case Kind::NotFound:
        return VixErr::FileNotFound;
    case Kind::Exists:
        return VixErr::FileAlreadyExists;
    case Kind::NotADirectory:
        return VixErr::NotADirectory;
    case Kind::IsADirectory:
        return VixErr::NotAFile;
    case Kind::NotEmpty:
        return VixErr::DirectoryNotEmpty;
    case Kind::PermissionDenied:
        return VixErr::FileAccessError;
    case Kind::InvalidName:
        return VixErr::FileNameInvalid;
    case Kind::NameTooLong:
        return VixErr::FileNameTooLong;
    case Kind::NoSpace:
        return VixErr::DiskFull;
    case Kind::TooMany: // EMFILE, ENFILE, EMLINK
    case Kind::TimedOut:
    case Kind::Io: // EIO, EROFS, ENOBUFS and the rest the backend could not name
        return VixErr::FileError;
    case Kind::Busy:
        return VixErr::ObjectIsBusy;
    case Kind::InvalidArgument:
        return VixErr::InvalidArg;
    case Kind::NotSupported:
        return VixErr::NotSupported;
    case Kind::NoSuchProcess:
        return VixErr::NoSuchProcess;
    case Kind::AuthenticationFailed:
        return VixErr::InvalidLoginCredentials;
    case Kind::Interrupted:
    case Kind::CrossDevice: // EXDEV has no case in Vix_TranslateErrno: its default
        return VixErr::Fail;
    default: // kinds added later (e.g. a cross-device move): the generic failure
        return VixErr::Fail;
    }
}

} // namespace

VixError vixErrorFor(OpFamily family, Kind kind)
{
    switch (family) {
    case OpFamily::Process:
        if (kind == Kind::PermissionDenied)
            return VixErr::GuestUserPermissions;
        break;
    case OpFamily::Start:
        switch (kind) {
        case Kind::NotFound:
            return VixErr::FileNotFound;
        case Kind::PermissionDenied:
            return VixErr::GuestUserPermissions;
        case Kind::NotADirectory:
            return VixErr::NotADirectory;
        case Kind::InvalidArgument:
            return VixErr::InvalidArg;
        case Kind::None:
            return VixErr::Ok;
        default:
            return VixErr::ProgramNotStarted;
        }
    case OpFamily::Auth:
        if (kind != Kind::None)
            return VixErr::InvalidLoginCredentials;
        break;
    case OpFamily::Registry:
        switch (kind) {
        case Kind::NotFound:
            return VixErr::RegKeyInvalid;
        case Kind::Exists:
            return VixErr::RegKeyAlreadyExists;
        case Kind::NotEmpty:
            return VixErr::RegKeyHasSubkeys;
        case Kind::NotSupported:
            return VixErr::OpNotSupportedOnGuest;
        default:
            break;
        }
        break;
    case OpFamily::Generic:
    case OpFamily::File:
        break;
    }
    return translated(kind);
}

VixFailure vixFailureFor(OpFamily family, const platform::PlatformError &error)
{
    return {vixErrorFor(family, error.kind), quint32(error.nativeCode)};
}

} // namespace gk::vix::server
