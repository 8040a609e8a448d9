#pragma once

#include "platform/DirectoryLister.h"
#include "platform/GuestSession.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>

#include <chrono>
#include <memory>

namespace gk::vix::server {

// A ListFiles answer in progress: where the filtered listing of one
// directory stands. vmtoolsd reads the whole directory for every page
// (services/plugins/vix/vixTools.c VixToolsListFiles); hostd asks for the
// pages in order (index + offset growing by what it received), so keeping
// the lister open makes each page cost only its own entries and never holds
// more than a batch.
struct ListFilesCursor
{
    QString user;
    QByteArray directory;
    QString pattern;
    qint64 total = 0;    // matching entries, "." and ".." included
    qint64 position = 0; // index of the next entry in the filtered list
    int dotsLeft = 0;    // how many of "." / ".." (those that match) come next
    QList<QByteArray> dots;
    std::shared_ptr<platform::GuestSession> session; // keeps the lister's session
    std::unique_ptr<platform::DirectoryLister> lister;
    QVector<platform::FileInfo> pending; // read; those from pendingIndex on are not sent yet
    int pendingIndex = 0;
    std::chrono::steady_clock::time_point lastUse;
};

// The open cursors, handed out to one request at a time. Thread-safe.
class FileListingCache
{
public:
    explicit FileListingCache(int maxCursors = 16,
                              std::chrono::seconds idle = std::chrono::seconds(300));

    // The cursor of user's listing of directory/pattern that stands at
    // position, removed from the cache; null when there is none.
    std::unique_ptr<ListFilesCursor> take(const QString &user, const QByteArray &directory,
                                          const QString &pattern, qint64 position);
    // Keeps a cursor for the next page (the oldest goes when full).
    void put(std::unique_ptr<ListFilesCursor> cursor);
    int size() const;

private:
    mutable QMutex m_mutex;
    int m_max;
    std::chrono::seconds m_idle;
    std::vector<std::unique_ptr<ListFilesCursor>> m_cursors;
};

} // namespace gk::vix::server
