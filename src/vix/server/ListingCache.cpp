#include "ListingCache.h"

#include "vix/codec/VixResultXml.h"

#include <QMutexLocker>

namespace gk::vix::server {

ListingCache::ListingCache(std::chrono::milliseconds lifetime, int maxEntries, Now now)
    : m_lifetime(lifetime), m_maxEntries(qMax(1, maxEntries)), m_now(std::move(now))
{
    if (!m_now)
        m_now = [] {
            return Clock::now();
        };
}

void ListingCache::dropExpiredLocked(Clock::time_point now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->expires <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

quint32 ListingCache::store(const QString &user, QByteArray data)
{
    QMutexLocker lock(&m_mutex);
    const Clock::time_point now = m_now();
    dropExpiredLocked(now);
    while (m_entries.size() >= m_maxEntries) {
        // The oldest key goes first; keys only grow.
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it.key() < oldest.key())
                oldest = it;
        }
        m_entries.erase(oldest);
    }
    quint32 key = m_nextKey++;
    if (key == 0) // 0 means "no key" on the wire
        key = m_nextKey++;
    m_entries.insert(key, Entry{user, std::move(data), now + m_lifetime});
    return key;
}

std::optional<QByteArray> ListingCache::fetch(quint32 key, const QString &user)
{
    QMutexLocker lock(&m_mutex);
    dropExpiredLocked(m_now());
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd() || it->user != user)
        return std::nullopt;
    return it->data;
}

void ListingCache::remove(quint32 key)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(key);
}

int ListingCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

bool listingNeedsPages(qsizetype dataSize, qsizetype maxResult)
{
    return dataSize + VixXml::listProcessesFirstChunkHeaderReserve() > maxResult;
}

ListingPage listingPage(quint32 key, const QByteArray &data, quint32 offset, qsizetype maxResult)
{
    const qsizetype room =
        maxResult - (offset == 0 ? VixXml::listProcessesFirstChunkHeaderReserve()
                                 : VixXml::listProcessesNextChunkHeaderReserve());
    qsizetype left = data.size() - qsizetype(offset);
    const qsizetype chunk = qMin(left, room);
    left -= chunk;
    ListingPage page;
    page.result =
        offset == 0 ? VixXml::listProcessesFirstChunkHeader(key, qint32(data.size()), qint32(left))
                    : VixXml::listProcessesNextChunkHeader(qint32(left));
    page.result += data.mid(offset, chunk);
    page.last = left == 0;
    return page;
}

} // namespace gk::vix::server
