#pragma once

#include "platform/DirectoryLister.h"
#include "platform/FilePath.h"

#include <QRegularExpression>

#include <memory>
#include <string>

namespace gk::platform::winos {

class WinGuestSession;

// Streams a directory with FindFirstFileExW / FindNextFileW as the session's
// user; each reported entry's owner comes from its security descriptor.
// Keeps its place between calls for paging.
class WinDirectoryLister final : public DirectoryLister
{
public:
    // Opens the search as the calling thread's identity.
    static Result<std::unique_ptr<DirectoryLister>> open(std::shared_ptr<WinGuestSession> session,
                                                         const FilePath &directory,
                                                         QRegularExpression nameFilter);
    ~WinDirectoryLister() override;

    Result<QVector<FileInfo>> nextBatch(int max) override;
    Result<qint64> skip(qint64 count) override;
    bool atEnd() const override { return m_atEnd; }

private:
    WinDirectoryLister() = default;
    // Moves to the next entry that passes the filter; false at the end.
    bool nextMatching();
    bool advance();

    std::shared_ptr<WinGuestSession> m_session;
    FilePath m_directory;
    std::wstring m_wideDirectory;
    QRegularExpression m_filter;
    void *m_find = nullptr;
    struct Entry;
    std::unique_ptr<Entry> m_entry; // the current WIN32_FIND_DATAW
    bool m_pending = false;         // m_entry holds an entry not yet handed out
    bool m_atEnd = false;
    unsigned long m_error = 0;
};

} // namespace gk::platform::winos
