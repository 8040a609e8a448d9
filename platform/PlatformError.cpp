#include "PlatformError.h"

namespace gk::platform {

QString kindName(PlatformError::Kind kind)
{
    using K = PlatformError::Kind;
    switch (kind) {
    case K::None:
        return QStringLiteral("none");
    case K::NotFound:
        return QStringLiteral("not found");
    case K::Exists:
        return QStringLiteral("already exists");
    case K::NotADirectory:
        return QStringLiteral("not a directory");
    case K::IsADirectory:
        return QStringLiteral("is a directory");
    case K::NotEmpty:
        return QStringLiteral("directory not empty");
    case K::PermissionDenied:
        return QStringLiteral("permission denied");
    case K::InvalidName:
        return QStringLiteral("invalid name");
    case K::NameTooLong:
        return QStringLiteral("name too long");
    case K::NoSpace:
        return QStringLiteral("no space left");
    case K::TooMany:
        return QStringLiteral("too many");
    case K::Busy:
        return QStringLiteral("busy");
    case K::InvalidArgument:
        return QStringLiteral("invalid argument");
    case K::NotSupported:
        return QStringLiteral("not supported");
    case K::NoSuchProcess:
        return QStringLiteral("no such process");
    case K::AuthenticationFailed:
        return QStringLiteral("authentication failed");
    case K::Interrupted:
        return QStringLiteral("interrupted");
    case K::TimedOut:
        return QStringLiteral("timed out");
    case K::CrossDevice:
        return QStringLiteral("across file systems");
    case K::Io:
        return QStringLiteral("I/O error");
    }
    return QStringLiteral("unknown");
}

} // namespace gk::platform
