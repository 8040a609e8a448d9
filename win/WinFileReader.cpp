#include "WinFileReader.h"

#include "WinErrors.h"
#include "WinPath.h"
#include "WinStat.h"

#include <windows.h>

namespace gk::platform::winos {

Result<std::unique_ptr<FileReader>> WinFileReader::open(const FilePath &path)
{
    using R = Result<std::unique_ptr<FileReader>>;
    std::wstring wide;
    if (!toWide(path, &wide))
        return R::failure(winError(ERROR_INVALID_NAME, "open", path));
    const DWORD attributes = GetFileAttributesW(wide.c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
        return R::failure(
            PlatformError::make(PlatformError::Kind::IsADirectory, ERROR_ACCESS_DENIED,
                                QStringLiteral("open '%1': is a directory").arg(path.toString())));
    HANDLE h = CreateFileW(wide.c_str(), GENERIC_READ,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
    if (h == INVALID_HANDLE_VALUE)
        return R::failure(lastError("open", path));
    if (GetFileType(h) != FILE_TYPE_DISK) {
        CloseHandle(h);
        return R::failure(PlatformError::make(
            PlatformError::Kind::InvalidArgument, ERROR_INVALID_PARAMETER,
            QStringLiteral("open '%1': not a regular file").arg(path.toString())));
    }
    return R::success(std::unique_ptr<FileReader>(new WinFileReader(h, path)));
}

WinFileReader::~WinFileReader()
{
    CloseHandle(static_cast<HANDLE>(m_handle));
}

Result<QByteArray> WinFileReader::read(qint64 offset, qint64 maxBytes)
{
    using R = Result<QByteArray>;
    if (offset < 0 || maxBytes < 0)
        return R::failure(PlatformError::make(
            PlatformError::Kind::InvalidArgument, ERROR_NEGATIVE_SEEK,
            QStringLiteral("read '%1': negative offset or size").arg(m_path.toString())));
    QByteArray data(int(qMin(maxBytes, kMaxChunk)), Qt::Uninitialized);
    qint64 filled = 0;
    while (filled < data.size()) {
        OVERLAPPED at = {};
        const quint64 position = quint64(offset + filled);
        at.Offset = DWORD(position & 0xffffffffu);
        at.OffsetHigh = DWORD(position >> 32);
        DWORD got = 0;
        if (!ReadFile(static_cast<HANDLE>(m_handle), data.data() + filled,
                      DWORD(data.size() - filled), &got, &at)) {
            const DWORD err = GetLastError();
            if (err == ERROR_HANDLE_EOF)
                break;
            return R::failure(winError(err, "read", m_path));
        }
        if (got == 0)
            break;
        filled += got;
    }
    data.truncate(int(filled));
    return R::success(std::move(data));
}

Result<FileInfo> WinFileReader::info()
{
    return statHandle(m_handle, m_path);
}

} // namespace gk::platform::winos
