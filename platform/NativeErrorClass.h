#pragma once

#include "PlatformError.h"

namespace gk::platform {

// The OS code of an error sorted the way vmtoolsd's translation tables tell
// codes apart (open-vm-tools lib/foundryMsg/vixTranslateErrOpenSource.c:
// Vix_TranslateErrno for errno, Vix_TranslateSystemError for GetLastError).
// The portable kind groups codes those tables answer differently (EROFS is a
// permission problem to a caller, a file error to vmtoolsd; EFBIG, ELOOP,
// EAGAIN, ENODEV, ...), so the VIX error table maps by this class when it is
// known. The OS codes themselves stay in the backend (linux/, win/).
enum class NativeErrorClass {
    Unknown, // no OS code, or the backend chose the kind itself: map by kind
    AccessDenied,
    Busy,
    Exists,
    FileTooBig,
    NotEmpty,
    NotADirectory,
    FileError,
    NotFound,
    DiskFull,
    IsADirectory,
    NoSuchProcess,
    NameTooLong,
    InvalidArgument,
    OutOfMemory,
    InvalidName,  // Windows: ERROR_INVALID_NAME
    NotSupported, // Windows: ERROR_NOT_SUPPORTED
    NoData,       // Windows: ERROR_NO_DATA, ERROR_INVALID_DATA (VIX_E_NOT_FOUND)
    Other,        // an OS code the table does not list (VIX_E_FAIL)
};

// Implemented by the backend the build selects (linux/LinuxErrors.cpp,
// win/WinErrors.cpp). Unknown unless error.nativeCode is an OS code that the
// backend's own table turns into error.kind.
NativeErrorClass nativeErrorClass(const PlatformError &error);

} // namespace gk::platform
