#include "ListingCache.h"

#include <QMutexLocker>

namespace gk::vix::server {

namespace {
// The header formats of VixToolsListProcessesEx and the room vmtoolsd keeps
// for them: sizeof(format) (NUL included) plus ten digits per number.
constexpr char kFirstHeader[] = "<key>%u</key><totalSize>%d</totalSize><leftToSend>%d</leftToSend>";
constexpr char kNextHeader[] = "<leftToSend>%d</leftToSend>";
constexpr qsizetype kFirstHeaderRoom = qsizetype(sizeof kFirstHeader) + 3 * 10;
constexpr qsizetype kNextHeaderRoom = qsizetype(sizeof kNextHeader) + 10;
} // namespace

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
    return dataSize + kFirstHeaderRoom > maxResult;
}

ListingPage listingPage(quint32 key, const QByteArray &data, quint32 offset, qsizetype maxResult)
{
    const qsizetype room = maxResult - (offset == 0 ? kFirstHeaderRoom : kNextHeaderRoom);
    qsizetype left = data.size() - qsizetype(offset);
    const qsizetype chunk = qMin(left, room);
    left -= chunk;
    ListingPage page;
    if (offset == 0)
        page.result = "<key>" + QByteArray::number(key) + "</key><totalSize>" +
                      QByteArray::number(qint32(data.size())) + "</totalSize><leftToSend>" +
                      QByteArray::number(qint32(left)) + "</leftToSend>";
    else
        page.result = "<leftToSend>" + QByteArray::number(qint32(left)) + "</leftToSend>";
    page.result += data.mid(offset, chunk);
    page.last = left == 0;
    return page;
}

} // namespace gk::vix::server
