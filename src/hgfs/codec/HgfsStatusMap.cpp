#include "HgfsStatusMap.h"

#include <array>

namespace gk::hgfs {

HgfsStatus hgfsStatusFor(HgfsErrorKind kind)
{
    switch (kind) {
    case HgfsErrorKind::None:
        return HgfsStatus::Success;
    case HgfsErrorKind::NotFound:
        return HgfsStatus::NoSuchFileOrDir;
    case HgfsErrorKind::Exists:
    case HgfsErrorKind::IsADirectory:
        return HgfsStatus::FileExists;
    case HgfsErrorKind::NotADirectory:
        return HgfsStatus::NotDirectory;
    case HgfsErrorKind::NotEmpty:
        return HgfsStatus::DirNotEmpty;
    case HgfsErrorKind::PermissionDenied:
        return HgfsStatus::AccessDenied;
    case HgfsErrorKind::OperationNotPermitted:
        return HgfsStatus::OperationNotPermitted;
    case HgfsErrorKind::InvalidName:
        return HgfsStatus::InvalidName;
    case HgfsErrorKind::InvalidParameter:
        return HgfsStatus::InvalidParameter;
    case HgfsErrorKind::NameTooLong:
        return HgfsStatus::NameTooLong;
    case HgfsErrorKind::NoSpace:
        return HgfsStatus::NoSpace;
    case HgfsErrorKind::NotSupported:
        return HgfsStatus::OperationNotSupported;
    case HgfsErrorKind::NotSameDevice:
        return HgfsStatus::NotSameDevice;
    case HgfsErrorKind::SharingViolation:
        return HgfsStatus::SharingViolation;
    case HgfsErrorKind::InvalidHandle:
        return HgfsStatus::InvalidHandle;
    case HgfsErrorKind::Protocol:
        return HgfsStatus::ProtocolError;
    case HgfsErrorKind::StaleSession:
        return HgfsStatus::StaleSession;
    case HgfsErrorKind::TooManySessions:
        return HgfsStatus::TooManySessions;
    case HgfsErrorKind::Busy:
    case HgfsErrorKind::Io:
        break;
    }
    return HgfsStatus::GenericError;
}

HgfsErrorKind hgfsErrorKindFor(HgfsNameStatus status)
{
    switch (status) {
    case HgfsNameStatus::Complete:
        return HgfsErrorKind::None;
    case HgfsNameStatus::Failure:
    case HgfsNameStatus::IncompleteBase:
    case HgfsNameStatus::IncompleteRoot:
    case HgfsNameStatus::IncompleteDrive:
    case HgfsNameStatus::IncompleteUnc:
    case HgfsNameStatus::IncompleteUncMach:
        return HgfsErrorKind::InvalidName; // EINVAL
    case HgfsNameStatus::DoesNotExist:
        return HgfsErrorKind::NotFound; // ENOENT
    case HgfsNameStatus::AccessDenied:
        return HgfsErrorKind::PermissionDenied; // EACCES
    case HgfsNameStatus::TooLong:
        return HgfsErrorKind::NameTooLong;
    case HgfsNameStatus::NotADirectory:
        return HgfsErrorKind::NotADirectory;
    case HgfsNameStatus::SymbolicLink: // ELOOP: no HGFS code
    case HgfsNameStatus::OutOfMemory:  // ENOMEM: no HGFS code
        break;
    }
    return HgfsErrorKind::Io;
}

QString hgfsStatusName(HgfsStatus status)
{
    static constexpr std::array names = {
        "SUCCESS",           "NO_SUCH_FILE_OR_DIR",
        "INVALID_HANDLE",    "OPERATION_NOT_PERMITTED",
        "FILE_EXISTS",       "NOT_DIRECTORY",
        "DIR_NOT_EMPTY",     "PROTOCOL_ERROR",
        "ACCESS_DENIED",     "INVALID_NAME",
        "GENERIC_ERROR",     "SHARING_VIOLATION",
        "NO_SPACE",          "OPERATION_NOT_SUPPORTED",
        "NAME_TOO_LONG",     "INVALID_PARAMETER",
        "NOT_SAME_DEVICE",   "STALE_SESSION",
        "TOO_MANY_SESSIONS", "TRANSPORT_ERROR",
    };
    const auto i = static_cast<quint32>(status);
    if (i < names.size())
        return QStringLiteral("HGFS_STATUS_") + QLatin1String(names[i]);
    return QStringLiteral("HGFS_STATUS %1").arg(i);
}

QString hgfsOpName(quint32 op)
{
    static constexpr std::array names = {
        "OPEN",
        "READ",
        "WRITE",
        "CLOSE",
        "SEARCH_OPEN",
        "SEARCH_READ",
        "SEARCH_CLOSE",
        "GETATTR",
        "SETATTR",
        "CREATE_DIR",
        "DELETE_FILE",
        "DELETE_DIR",
        "RENAME",
        "QUERY_VOLUME_INFO",
        "OPEN_V2",
        "GETATTR_V2",
        "SETATTR_V2",
        "SEARCH_READ_V2",
        "CREATE_SYMLINK",
        "SERVER_LOCK_CHANGE",
        "CREATE_DIR_V2",
        "DELETE_FILE_V2",
        "DELETE_DIR_V2",
        "RENAME_V2",
        "OPEN_V3",
        "READ_V3",
        "WRITE_V3",
        "CLOSE_V3",
        "SEARCH_OPEN_V3",
        "SEARCH_READ_V3",
        "SEARCH_CLOSE_V3",
        "GETATTR_V3",
        "SETATTR_V3",
        "CREATE_DIR_V3",
        "DELETE_FILE_V3",
        "DELETE_DIR_V3",
        "RENAME_V3",
        "QUERY_VOLUME_INFO_V3",
        "CREATE_SYMLINK_V3",
        "SERVER_LOCK_CHANGE_V3",
        "WRITE_WIN32_STREAM_V3",
        "CREATE_SESSION_V4",
        "DESTROY_SESSION_V4",
        "READ_FAST_V4",
        "WRITE_FAST_V4",
        "SET_WATCH_V4",
        "REMOVE_WATCH_V4",
        "NOTIFY_V4",
        "SEARCH_READ_V4",
        "OPEN_V4",
        "ENUMERATE_STREAMS_V4",
        "GETATTR_V4",
        "SETATTR_V4",
        "DELETE_V4",
        "LINKMOVE_V4",
        "FSCTL_V4",
        "ACCESS_CHECK_V4",
        "FSYNC_V4",
        "QUERY_VOLUME_INFO_V4",
        "OPLOCK_ACQUIRE_V4",
        "OPLOCK_BREAK_V4",
        "LOCK_BYTE_RANGE_V4",
        "UNLOCK_BYTE_RANGE_V4",
        "QUERY_EAS_V4",
        "SET_EAS_V4",
    };
    static_assert(names.size() == opValue(HgfsOp::Max));
    if (op < names.size())
        return QLatin1String(names[op]);
    if (op == opValue(HgfsOp::NewHeader))
        return QStringLiteral("NEW_HEADER");
    return QStringLiteral("op %1").arg(op);
}

} // namespace gk::hgfs
