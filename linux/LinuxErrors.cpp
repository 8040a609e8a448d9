#include "LinuxErrors.h"

#include "platform/NativeErrorClass.h"

#include <cerrno>
#include <string.h>

namespace gk::platform::linuxos {

PlatformError::Kind kindFromErrno(int err)
{
    using K = PlatformError::Kind;
    switch (err) {
    case 0:
        return K::None;
    case ENOENT:
        return K::NotFound;
    case EEXIST:
        return K::Exists;
    case ENOTDIR:
        return K::NotADirectory;
    case EISDIR:
        return K::IsADirectory;
    case ENOTEMPTY:
        return K::NotEmpty;
    case EACCES:
    case EPERM:
    case EROFS:
        return K::PermissionDenied;
    case ENAMETOOLONG:
        return K::NameTooLong;
    case EILSEQ:
        return K::InvalidName;
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
        return K::NoSpace;
    case EMFILE:
    case ENFILE:
    case EMLINK:
    case ELOOP:
    case EAGAIN:
    case ENOMEM:
        return K::TooMany;
    case EBUSY:
    case ETXTBSY:
        return K::Busy;
    case EINVAL:
    case E2BIG:
    case ENOEXEC:
        return K::InvalidArgument;
    case EOPNOTSUPP:
    case ENOSYS:
        return K::NotSupported;
    case ESRCH:
        return K::NoSuchProcess;
    case EINTR:
        return K::Interrupted;
    case ETIMEDOUT:
        return K::TimedOut;
    case EXDEV:
        return K::CrossDevice;
    default:
        return K::Io;
    }
}

} // namespace gk::platform::linuxos

namespace gk::platform {

// Vix_TranslateErrno's rows (open-vm-tools
// lib/foundryMsg/vixTranslateErrOpenSource.c), as classes.
NativeErrorClass nativeErrorClass(const PlatformError &error)
{
    using C = NativeErrorClass;
    const int err = error.nativeCode;
    // An error the backend made itself (a synthesized EINVAL with the kind
    // InvalidName, a PAM code, an exit status) keeps its kind.
    if (err <= 0 || linuxos::kindFromErrno(err) != error.kind)
        return C::Unknown;
    switch (err) {
    case EPERM:
    case EACCES:
        return C::AccessDenied;
    case EAGAIN:
    case EBUSY:
        return C::Busy;
    case EEXIST:
        return C::Exists;
    case EFBIG:
        return C::FileTooBig;
    case ENOTEMPTY:
        return C::NotEmpty;
    case ENOTDIR:
        return C::NotADirectory;
    case ETIMEDOUT:
    case ENOBUFS:
    case EIO:
    case EMFILE:
    case ENFILE:
    case EMLINK:
    case EROFS:
        return C::FileError;
    case ENODEV:
    case ENOENT:
        return C::NotFound;
    case ENOSPC:
        return C::DiskFull;
    case EISDIR:
        return C::IsADirectory;
    case ESRCH:
        return C::NoSuchProcess;
    case ENAMETOOLONG:
        return C::NameTooLong;
    case EMSGSIZE:
    case EINVAL:
        return C::InvalidArgument;
    case ELOOP:
    case ENOMEM:
        return C::OutOfMemory;
    default: // EDQUOT, EILSEQ, EOPNOTSUPP, ENOSYS, ETXTBSY, E2BIG, ENOEXEC, EXDEV, ...
        return C::Other;
    }
}

} // namespace gk::platform

namespace gk::platform::linuxos {

namespace {

QString describe(int err)
{
    char buf[128];
    // GNU strerror_r: thread-safe, returns a static string or fills buf.
    return QString::fromLocal8Bit(::strerror_r(err, buf, sizeof buf));
}

} // namespace

PlatformError errnoError(int err, const QString &message)
{
    return PlatformError::make(kindFromErrno(err), err,
                               message + QStringLiteral(": ") + describe(err));
}

PlatformError errnoError(int err, const char *op, const FilePath &path)
{
    return PlatformError::make(
        kindFromErrno(err), err,
        QStringLiteral("%1 '%2': %3").arg(QLatin1String(op), path.toString(), describe(err)));
}

PlatformError errnoError(int err, const char *op, const FilePath &from, const FilePath &to)
{
    return PlatformError::make(
        kindFromErrno(err), err,
        QStringLiteral("%1 '%2' to '%3': %4")
            .arg(QLatin1String(op), from.toString(), to.toString(), describe(err)));
}

} // namespace gk::platform::linuxos
