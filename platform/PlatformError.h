#pragma once

#include <QString>

namespace gk::platform {

// A portable failure: what went wrong, the OS's own code (errno on Linux,
// GetLastError on Windows) and a message naming the operation and object.
// The VIX and HGFS layers map the kind to their wire codes in one table each.
struct PlatformError
{
    enum class Kind {
        None,
        NotFound,
        Exists,
        NotADirectory,
        IsADirectory,
        NotEmpty,
        PermissionDenied,
        InvalidName,
        NameTooLong,
        NoSpace,
        TooMany, // too many open files, processes, links
        Busy,
        InvalidArgument,
        NotSupported,
        NoSuchProcess,
        AuthenticationFailed,
        Interrupted,
        TimedOut,
        CrossDevice, // a rename or link across file systems
        Io,          // anything else the OS reports
    };

    Kind kind = Kind::None;
    int nativeCode = 0;
    QString message;

    bool isError() const { return kind != Kind::None; }
    explicit operator bool() const { return isError(); }

    static PlatformError make(Kind kind, int nativeCode, const QString &message)
    {
        return PlatformError{kind, nativeCode, message};
    }
};

// A value or a PlatformError.
template <typename T> struct Result
{
    T value{};
    PlatformError error;

    bool ok() const { return !error.isError(); }
    static Result success(T v) { return Result{std::move(v), {}}; }
    static Result failure(PlatformError e) { return Result{T{}, std::move(e)}; }
};

QString kindName(PlatformError::Kind kind);

} // namespace gk::platform
