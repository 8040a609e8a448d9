#include "ErrnoToError.h"

#include <cerrno>
#include <cstring>

namespace gk::platform {

PlatformError::Kind kindForErrno(int err)
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
    case ENOSPC:
    case EDQUOT:
        return K::NoSpace;
    case EMFILE:
    case ENFILE:
    case EMLINK:
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
    case ENOSYS:
    case EOPNOTSUPP:
        return K::NotSupported;
    case ESRCH:
        return K::NoSuchProcess;
    case EINTR:
        return K::Interrupted;
    case ETIMEDOUT:
        return K::TimedOut;
    default:
        return K::Io;
    }
}

PlatformError errnoToError(int err, const QString &message)
{
    return PlatformError::make(kindForErrno(err), err,
                               message + QStringLiteral(": ") +
                                   QString::fromLocal8Bit(strerror(err)));
}

} // namespace gk::platform
