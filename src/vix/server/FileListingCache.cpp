#include "FileListingCache.h"

#include <QMutexLocker>

#include <algorithm>

namespace gk::vix::server {

FileListingCache::FileListingCache(int maxCursors, std::chrono::seconds idle)
    : m_max(qMax(1, maxCursors)), m_idle(idle)
{}

std::unique_ptr<ListFilesCursor> FileListingCache::take(const QString &user,
                                                        const QByteArray &directory,
                                                        const QString &pattern, qint64 position)
{
    QMutexLocker lock(&m_mutex);
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(m_cursors, [&](const auto &c) { return now - c->lastUse > m_idle; });
    for (auto it = m_cursors.begin(); it != m_cursors.end(); ++it) {
        const ListFilesCursor &c = **it;
        if (c.user == user && c.directory == directory && c.pattern == pattern &&
            c.position == position) {
            std::unique_ptr<ListFilesCursor> found = std::move(*it);
            m_cursors.erase(it);
            return found;
        }
    }
    return nullptr;
}

void FileListingCache::put(std::unique_ptr<ListFilesCursor> cursor)
{
    QMutexLocker lock(&m_mutex);
    cursor->lastUse = std::chrono::steady_clock::now();
    if (int(m_cursors.size()) >= m_max) {
        auto oldest =
            std::min_element(m_cursors.begin(), m_cursors.end(),
                             [](const auto &a, const auto &b) { return a->lastUse < b->lastUse; });
        m_cursors.erase(oldest);
    }
    m_cursors.push_back(std::move(cursor));
}

int FileListingCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_cursors.size());
}

} // namespace gk::vix::server
