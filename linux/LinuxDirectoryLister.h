#pragma once

#include "DirentStream.h"
#include "LinuxStat.h"
#include "UniqueFd.h"
#include "platform/DirectoryLister.h"
#include "platform/FilePath.h"

#include <QRegularExpression>

#include <memory>

namespace gk::platform::linuxos {

class LinuxGuestSession;

// Streams an open directory: getdents64 into a fixed buffer, one statx per
// reported entry (relative to the directory's descriptor), as the session's
// user. Keeps its place between calls for paging.
class LinuxDirectoryLister final : public DirectoryLister
{
public:
    LinuxDirectoryLister(std::shared_ptr<LinuxGuestSession> session, UniqueFd dirFd,
                         FilePath directory, QRegularExpression nameFilter);

    Result<QVector<FileInfo>> nextBatch(int max) override;
    Result<qint64> skip(qint64 count) override;
    Result<qint64> countToEnd() override;
    bool atEnd() const override { return m_stream.atEnd(); }

private:
    bool matches(const char *name) const { return !m_filtered || nameMatches(m_filter, name); }
    static bool nameMatches(const QRegularExpression &filter, const char *name);
    // Passes over up to `count` matching entries; as the session's user.
    Result<qint64> skipHere(qint64 count);
    // The next entry that passes the filter; false at the end or on error.
    bool nextMatching(DirentStream::Entry *entry);

    std::shared_ptr<LinuxGuestSession> m_session;
    UniqueFd m_fd;
    FilePath m_directory;
    QRegularExpression m_filter;
    bool m_filtered;
    DirentStream m_stream;
    OwnerNameMemo m_names;
};

} // namespace gk::platform::linuxos
