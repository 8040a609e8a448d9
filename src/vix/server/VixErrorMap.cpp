#include "VixErrorMap.h"

#include "platform/NativeErrorClass.h"

#include <optional>

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

using Class = platform::NativeErrorClass;

// Vix_TranslateErrno / Vix_TranslateSystemError row by row, from the OS
// code's class; nullopt: the class says nothing, map by kind.
std::optional<VixError> translated(Class c)
{
    switch (c) {
    case Class::Unknown:
        return std::nullopt;
    case Class::AccessDenied:
        return VixErr::FileAccessError;
    case Class::Busy:
        return VixErr::ObjectIsBusy;
    case Class::Exists:
        return VixErr::FileAlreadyExists;
    case Class::FileTooBig:
        return VixErr::FileTooBig;
    case Class::NotEmpty:
        return VixErr::DirectoryNotEmpty;
    case Class::NotADirectory:
        return VixErr::NotADirectory;
    case Class::FileError:
        return VixErr::FileError;
    case Class::NotFound:
        return VixErr::FileNotFound;
    case Class::DiskFull:
        return VixErr::DiskFull;
    case Class::IsADirectory:
        return VixErr::NotAFile;
    case Class::NoSuchProcess:
        return VixErr::NoSuchProcess;
    case Class::NameTooLong:
        return VixErr::FileNameTooLong;
    case Class::InvalidArgument:
        return VixErr::InvalidArg;
    case Class::OutOfMemory:
        return VixErr::OutOfMemory;
    case Class::InvalidName:
        return VixErr::FileNameInvalid;
    case Class::NotSupported:
        return VixErr::NotSupported;
    case Class::NoData:
        return VixErr::NotFound;
    case Class::Other:
        return VixErr::Fail;
    }
    return std::nullopt;
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
    case OpFamily::Variable:
        if (kind != Kind::None)
            return VixErr::Fail;
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

VixError vixErrorFor(OpFamily family, const platform::PlatformError &error)
{
    switch (family) {
    case OpFamily::Generic:
    case OpFamily::File:
        break;
    case OpFamily::Process:
        // VixToolsKillProcess rewrites only the permission errors.
        if (error.kind == Kind::PermissionDenied)
            return VixErr::GuestUserPermissions;
        break;
    case OpFamily::Start:
    case OpFamily::Auth:
    case OpFamily::Variable:
        // Their rewrites cover every kind.
        return vixErrorFor(family, error.kind);
    case OpFamily::Registry:
        // The registry errors by kind; anything else as the OS code says.
        if (error.kind == Kind::NotFound || error.kind == Kind::Exists ||
            error.kind == Kind::NotEmpty || error.kind == Kind::NotSupported)
            return vixErrorFor(family, error.kind);
        break;
    }
    if (std::optional<VixError> byCode = translated(platform::nativeErrorClass(error)))
        return *byCode;
    return vixErrorFor(family, error.kind);
}

VixFailure vixFailureFor(OpFamily family, const platform::PlatformError &error)
{
    return {vixErrorFor(family, error), quint32(error.nativeCode)};
}

} // namespace gk::vix::server
