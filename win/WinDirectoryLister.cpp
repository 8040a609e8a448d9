#include "WinDirectoryLister.h"

#include "WinErrors.h"
#include "WinGuestSession.h"
#include "WinPath.h"
#include "WinStat.h"

#include <windows.h>

namespace gk::platform::winos {

struct WinDirectoryLister::Entry
{
    WIN32_FIND_DATAW data;
};

Result<std::unique_ptr<DirectoryLister>>
WinDirectoryLister::open(std::shared_ptr<WinGuestSession> session, const FilePath &directory,
                         QRegularExpression nameFilter)
{
    using R = Result<std::unique_ptr<DirectoryLister>>;
    std::wstring wide;
    if (!toWide(directory, &wide))
        return R::failure(winError(ERROR_INVALID_NAME, "list", directory));
    while (wide.size() > 3 && wide.back() == L'\\')
        wide.pop_back();
    std::unique_ptr<WinDirectoryLister> lister(new WinDirectoryLister);
    lister->m_entry = std::make_unique<Entry>();
    const std::wstring pattern = wide + (wide.back() == L'\\' ? L"*" : L"\\*");
    HANDLE find = FindFirstFileExW(pattern.c_str(), FindExInfoBasic, &lister->m_entry->data,
                                   FindExSearchNameMatch, nullptr, FIND_FIRST_EX_LARGE_FETCH);
    if (find == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        const DWORD a = GetFileAttributesW(wide.c_str());
        if (err == ERROR_FILE_NOT_FOUND && a != INVALID_FILE_ATTRIBUTES)
            return R::success(std::move(lister)); // an empty drive root: nothing at all
        if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY))
            err = ERROR_DIRECTORY;
        return R::failure(winError(err, "list", directory));
    }
    lister->m_session = std::move(session);
    lister->m_directory = directory;
    lister->m_wideDirectory = wide;
    lister->m_filter = std::move(nameFilter);
    lister->m_find = find;
    lister->m_pending = true;
    return R::success(std::move(lister));
}

WinDirectoryLister::~WinDirectoryLister()
{
    if (m_find)
        FindClose(static_cast<HANDLE>(m_find));
}

bool WinDirectoryLister::advance()
{
    if (m_pending) {
        m_pending = false;
        return true;
    }
    if (!m_find || m_atEnd)
        return false;
    if (FindNextFileW(static_cast<HANDLE>(m_find), &m_entry->data))
        return true;
    const DWORD err = GetLastError();
    if (err != ERROR_NO_MORE_FILES)
        m_error = err;
    m_atEnd = true;
    return false;
}

bool WinDirectoryLister::nextMatching()
{
    while (advance()) {
        const wchar_t *name = m_entry->data.cFileName;
        if (!wcscmp(name, L".") || !wcscmp(name, L".."))
            continue;
        if (m_filter.pattern().isEmpty() ||
            m_filter.match(QString::fromWCharArray(name)).hasMatch())
            return true;
    }
    if (!m_find)
        m_atEnd = true;
    return false;
}

Result<QVector<FileInfo>> WinDirectoryLister::nextBatch(int max)
{
    using R = Result<QVector<FileInfo>>;
    if (max <= 0 || !m_session)
        return R::success({});
    return m_session->run([&]() -> R {
        QVector<FileInfo> batch;
        while (batch.size() < max && nextMatching()) {
            const WIN32_FIND_DATAW &d = m_entry->data;
            FileInfo info;
            info.name = fromWide(d.cFileName);
            applyAttributes(&info, d.dwFileAttributes, d.dwReserved0);
            info.size =
                info.isDirectory() ? 0 : qint64((quint64(d.nFileSizeHigh) << 32) | d.nFileSizeLow);
            auto ns = [](const FILETIME &ft) {
                return nsFromFileTime((quint64(ft.dwHighDateTime) << 32) | ft.dwLowDateTime);
            };
            info.times.accessed = ns(d.ftLastAccessTime);
            info.times.modified = ns(d.ftLastWriteTime);
            info.times.created = ns(d.ftCreationTime);
            readOwner(m_wideDirectory + L"\\" + d.cFileName, &info);
            batch.append(std::move(info));
        }
        if (m_error)
            return R::failure(winError(m_error, "list", m_directory));
        return R::success(std::move(batch));
    });
}

Result<qint64> WinDirectoryLister::skip(qint64 count)
{
    if (!m_session)
        return Result<qint64>::success(0);
    return m_session->run([&]() -> Result<qint64> {
        qint64 skipped = 0;
        while (skipped < count && nextMatching())
            ++skipped;
        if (m_error)
            return Result<qint64>::failure(winError(m_error, "list", m_directory));
        return Result<qint64>::success(skipped);
    });
}

} // namespace gk::platform::winos
