#include "WinAtomicFileWriter.h"

#include "WinErrors.h"
#include "WinFileOps.h"
#include "WinGuestSession.h"
#include "WinPath.h"

#include <windows.h>

namespace gk::platform::winos {

Result<std::unique_ptr<AtomicFileWriter>>
WinAtomicFileWriter::open(std::shared_ptr<WinGuestSession> session, const FilePath &path,
                          const WriteOptions &options)
{
    using R = Result<std::unique_ptr<AtomicFileWriter>>;
    std::wstring target;
    if (!toWide(path, &target))
        return R::failure(winError(ERROR_INVALID_NAME, "create", path));
    // createInPlace promises a new name in a private directory; the
    // temporary file and its move below give the same result.
    const bool overwrite = options.overwrite && !options.createInPlace;
    const DWORD a = GetFileAttributesW(target.c_str());
    if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY))
        return R::failure(PlatformError::make(
            PlatformError::Kind::IsADirectory, ERROR_ACCESS_DENIED,
            QStringLiteral("create '%1': is a directory").arg(path.toString())));
    if (a != INVALID_FILE_ATTRIBUTES && !overwrite)
        return R::failure(winError(ERROR_FILE_EXISTS, "create", path));
    std::unique_ptr<WinAtomicFileWriter> w(new WinAtomicFileWriter);
    w->m_session = std::move(session);
    w->m_path = path;
    w->m_overwrite = overwrite;
    w->m_onCommit = options.onCommit;
    for (int attempt = 0; attempt < 100; ++attempt) {
        w->m_tempPath = path.parent().child(QByteArrayLiteral(".guestkit-") + randomName(16) +
                                            QByteArrayLiteral(".part"));
        std::wstring temp;
        toWide(w->m_tempPath, &temp);
        HANDLE h = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                               FILE_ATTRIBUTE_HIDDEN, nullptr);
        if (h != INVALID_HANDLE_VALUE) {
            w->m_handle = h;
            return R::success(std::move(w));
        }
        const DWORD err = GetLastError();
        if (err != ERROR_FILE_EXISTS && err != ERROR_ALREADY_EXISTS)
            return R::failure(winError(err, "create", path));
    }
    return R::failure(winError(ERROR_FILE_EXISTS, "create", path));
}

WinAtomicFileWriter::~WinAtomicFileWriter()
{
    abort();
}

PlatformError WinAtomicFileWriter::closedError() const
{
    return PlatformError::make(
        PlatformError::Kind::InvalidArgument, ERROR_INVALID_HANDLE,
        QStringLiteral("write '%1': the writer was committed or aborted").arg(m_path.toString()));
}

PlatformError WinAtomicFileWriter::write(const QByteArray &data)
{
    if (!m_handle)
        return closedError();
    qint64 done = 0;
    while (done < data.size()) {
        DWORD wrote = 0;
        if (!WriteFile(static_cast<HANDLE>(m_handle), data.constData() + done,
                       DWORD(data.size() - done), &wrote, nullptr)) {
            const PlatformError e = lastError("write", m_path);
            abort();
            return e;
        }
        done += wrote;
    }
    m_written += done;
    return {};
}

PlatformError WinAtomicFileWriter::commit()
{
    if (!m_handle)
        return closedError();
    return m_session->run([&]() -> PlatformError {
        HANDLE h = static_cast<HANDLE>(std::exchange(m_handle, nullptr));
        const BOOL flushed = FlushFileBuffers(h);
        const DWORD flushErr = GetLastError();
        CloseHandle(h);
        std::wstring temp, target;
        toWide(m_tempPath, &temp);
        toWide(m_path, &target);
        if (!flushed) {
            DeleteFileW(temp.c_str());
            return winError(flushErr, "write", m_path);
        }
        // The data is complete: the file stops being hidden as it takes its name.
        SetFileAttributesW(temp.c_str(), FILE_ATTRIBUTE_NORMAL);
        const DWORD flags = MOVEFILE_WRITE_THROUGH | (m_overwrite ? MOVEFILE_REPLACE_EXISTING : 0);
        if (!MoveFileExW(temp.c_str(), target.c_str(), flags)) {
            const DWORD err = GetLastError();
            DeleteFileW(temp.c_str());
            return winError(err == ERROR_ALREADY_EXISTS ? DWORD(ERROR_FILE_EXISTS) : err, "create",
                            m_path);
        }
        // onCommit goes to the file once named (applyChange works by path).
        return m_onCommit ? applyChange(m_path, *m_onCommit) : PlatformError{};
    });
}

void WinAtomicFileWriter::abort()
{
    if (!m_handle)
        return;
    CloseHandle(static_cast<HANDLE>(std::exchange(m_handle, nullptr)));
    m_session->run([&] {
        std::wstring temp;
        if (toWide(m_tempPath, &temp))
            DeleteFileW(temp.c_str());
    });
}

} // namespace gk::platform::winos
