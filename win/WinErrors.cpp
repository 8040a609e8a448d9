#include "WinErrors.h"

#include "platform/NativeErrorClass.h"

#include <windows.h>

namespace gk::platform::winos {

PlatformError::Kind kindFromWin32(unsigned long err)
{
    using K = PlatformError::Kind;
    switch (err) {
    case ERROR_SUCCESS:
        return K::None;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
    case ERROR_MOD_NOT_FOUND:
    case ERROR_NONE_MAPPED:
        return K::NotFound;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return K::Exists;
    case ERROR_DIRECTORY: // "the directory name is invalid": a file where a directory was named
        return K::NotADirectory;
    case ERROR_DIR_NOT_EMPTY:
        return K::NotEmpty;
    case ERROR_ACCESS_DENIED:
    case ERROR_PRIVILEGE_NOT_HELD:
    case ERROR_WRITE_PROTECT:
    case ERROR_NETWORK_ACCESS_DENIED:
    case ERROR_CANNOT_MAKE:
        return K::PermissionDenied;
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
    case ERROR_NO_UNICODE_TRANSLATION:
        return K::InvalidName;
    case ERROR_FILENAME_EXCED_RANGE:
    case ERROR_BUFFER_OVERFLOW:
        return K::NameTooLong;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
    case ERROR_FILE_TOO_LARGE:
        return K::NoSpace;
    case ERROR_TOO_MANY_OPEN_FILES:
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
    case ERROR_NO_PROC_SLOTS:
    case ERROR_TOO_MANY_LINKS:
    case ERROR_CANT_RESOLVE_FILENAME: // symlink loop
        return K::TooMany;
    case ERROR_BUSY:
    case ERROR_PATH_BUSY:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_CURRENT_DIRECTORY:
        return K::Busy;
    case ERROR_INVALID_PARAMETER:
    case ERROR_BAD_EXE_FORMAT:
    case ERROR_NEGATIVE_SEEK:
    case ERROR_BAD_ARGUMENTS:
    case ERROR_INVALID_DATA:
        return K::InvalidArgument;
    case ERROR_NOT_SUPPORTED:
    case ERROR_CALL_NOT_IMPLEMENTED:
    case ERROR_INVALID_FUNCTION:
        return K::NotSupported;
    case ERROR_LOGON_FAILURE:
    case ERROR_ACCOUNT_RESTRICTION:
    case ERROR_ACCOUNT_DISABLED:
    case ERROR_ACCOUNT_EXPIRED:
    case ERROR_PASSWORD_EXPIRED:
    case ERROR_PASSWORD_MUST_CHANGE:
    case ERROR_ACCOUNT_LOCKED_OUT:
    case ERROR_INVALID_LOGON_HOURS:
    case ERROR_LOGON_TYPE_NOT_GRANTED:
    case ERROR_NO_SUCH_USER:
        return K::AuthenticationFailed;
    case ERROR_OPERATION_ABORTED:
        return K::Interrupted;
    case WAIT_TIMEOUT:
    case ERROR_TIMEOUT:
    case ERROR_SEM_TIMEOUT:
        return K::TimedOut;
    case ERROR_NOT_SAME_DEVICE:
        return K::CrossDevice;
    default:
        return K::Io;
    }
}

} // namespace gk::platform::winos

namespace gk::platform {

// Vix_TranslateSystemError's rows (open-vm-tools
// lib/foundryMsg/vixTranslateErrOpenSource.c), as classes.
NativeErrorClass nativeErrorClass(const PlatformError &error)
{
    using C = NativeErrorClass;
    const unsigned long err = static_cast<unsigned long>(error.nativeCode);
    if (error.nativeCode == 0 || winos::kindFromWin32(err) != error.kind)
        return C::Unknown;
    switch (err) {
    case ERROR_ACCESS_DENIED:
        return C::AccessDenied;
    case ERROR_INVALID_NAME:
        return C::InvalidName;
    case ERROR_FILENAME_EXCED_RANGE:
        return C::NameTooLong;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_BAD_PATHNAME:
    case ERROR_DIRECTORY:
    case ERROR_BUFFER_OVERFLOW:
        return C::NotFound;
    case ERROR_DIR_NOT_EMPTY:
        return C::NotEmpty;
    case ERROR_TOO_MANY_OPEN_FILES:
    case ERROR_NO_MORE_FILES:
    case ERROR_WRITE_PROTECT:
    case ERROR_WRITE_FAULT:
    case ERROR_READ_FAULT:
    case ERROR_SHARING_VIOLATION:
    case ERROR_SEEK:
    case ERROR_CANNOT_MAKE:
        return C::FileError;
    case ERROR_HANDLE_DISK_FULL:
    case ERROR_DISK_FULL:
        return C::DiskFull;
    case ERROR_FILE_EXISTS:
    case ERROR_ALREADY_EXISTS:
        return C::Exists;
    case ERROR_BUSY:
    case ERROR_PATH_BUSY:
        return C::Busy;
    case ERROR_INVALID_PARAMETER:
        return C::InvalidArgument;
    case ERROR_NOT_SUPPORTED:
        return C::NotSupported;
    case ERROR_NO_DATA:
    case ERROR_INVALID_DATA:
        return C::NoData;
    case ERROR_NOT_ENOUGH_MEMORY:
        return C::OutOfMemory;
    default:
        return C::Other;
    }
}

} // namespace gk::platform

namespace gk::platform::winos {

QString win32Message(unsigned long err)
{
    wchar_t *text = nullptr;
    const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                       FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, err, 0, reinterpret_cast<wchar_t *>(&text), 0, nullptr);
    QString message =
        n ? QString::fromWCharArray(text, int(n)).trimmed() : QStringLiteral("error %1").arg(err);
    if (text)
        LocalFree(text);
    return message;
}

PlatformError winError(unsigned long err, const QString &message)
{
    return PlatformError::make(kindFromWin32(err), int(err),
                               message + QStringLiteral(": ") + win32Message(err));
}

PlatformError winError(unsigned long err, const char *op, const FilePath &path)
{
    return PlatformError::make(
        kindFromWin32(err), int(err),
        QStringLiteral("%1 '%2': %3").arg(QLatin1String(op), path.toString(), win32Message(err)));
}

PlatformError winError(unsigned long err, const char *op, const FilePath &from, const FilePath &to)
{
    return PlatformError::make(
        kindFromWin32(err), int(err),
        QStringLiteral("%1 '%2' to '%3': %4")
            .arg(QLatin1String(op), from.toString(), to.toString(), win32Message(err)));
}

PlatformError lastError(const char *op, const FilePath &path)
{
    return winError(GetLastError(), op, path);
}

PlatformError lastError(const QString &message)
{
    return winError(GetLastError(), message);
}

} // namespace gk::platform::winos
