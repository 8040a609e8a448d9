#pragma once

#include "HgfsConstants.h"

#include <QString>

namespace gk::hgfs {

// Portable failure kinds the HGFS server meets; the server maps its platform
// errors to these once, and hgfsStatusFor() maps them to the wire once.
// Names follow gk::platform::PlatformError::Kind where the two overlap.
enum class HgfsErrorKind {
    None,
    NotFound,              // ENOENT, ERROR_FILE_NOT_FOUND / PATH_NOT_FOUND
    Exists,                // EEXIST, ERROR_ALREADY_EXISTS / FILE_EXISTS
    IsADirectory,          // EISDIR: hgfsUtil.c reports it as FILE_EXISTS
    NotADirectory,         // ENOTDIR
    NotEmpty,              // ENOTEMPTY, ERROR_DIR_NOT_EMPTY
    PermissionDenied,      // EACCES, ERROR_ACCESS_DENIED
    OperationNotPermitted, // EPERM
    InvalidName,           // bad CP name; EINVAL on the POSIX server (hgfsUtil.c)
    InvalidParameter,      // ERROR_INVALID_PARAMETER, request arguments out of range
    NameTooLong,           // ENAMETOOLONG, ERROR_FILENAME_EXCED_RANGE
    NoSpace,               // ENOSPC, ERROR_DISK_FULL
    NotSupported,          // EOPNOTSUPP, ERROR_NOT_SUPPORTED
    NotSameDevice,         // EXDEV, ERROR_NOT_SAME_DEVICE
    SharingViolation,      // ERROR_SHARING_VIOLATION
    InvalidHandle,         // EBADF, unknown HGFS handle
    Protocol,              // malformed request (EPROTO / HGFS_ERROR_PROTOCOL)
    StaleSession,          // unknown session id (HGFS_ERROR_STALE_SESSION)
    TooManySessions,       // session table full (HGFS_ERROR_TOO_MANY_SESSIONS)
    Busy,                  // EBUSY: no HGFS code, GENERIC_ERROR like hgfsUtil.c
    Io,                    // anything else: GENERIC_ERROR
};

// hgfsUtil.c HgfsConvertFromInternalStatus, both the POSIX and Win32 tables
// folded into one portable kind -> status function.
HgfsStatus hgfsStatusFor(HgfsErrorKind kind);

// cpName.h HgfsNameStatus: the outcome of turning a CP name into a local path.
enum class HgfsNameStatus {
    Complete,
    Failure,
    IncompleteBase,
    IncompleteRoot,
    IncompleteDrive,
    IncompleteUnc,
    IncompleteUncMach,
    DoesNotExist,
    AccessDenied,
    SymbolicLink,
    OutOfMemory,
    TooLong,
    NotADirectory,
};

// hgfsServerLinux.c HgfsPlatformConvertFromNameStatus (name status -> errno),
// followed by the errno -> kind step.
HgfsErrorKind hgfsErrorKindFor(HgfsNameStatus status);

// "HGFS_STATUS_NO_SUCH_FILE_OR_DIR" etc., for log lines.
QString hgfsStatusName(HgfsStatus status);
// "OPEN_V3" etc., or "op 123" for values outside the enum.
QString hgfsOpName(quint32 op);

} // namespace gk::hgfs
