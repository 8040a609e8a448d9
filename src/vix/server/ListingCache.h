#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <chrono>
#include <functional>
#include <optional>

namespace gk::vix::server {

// ListProcessesEx answers that do not fit one reply, kept for the client's
// follow-up requests under a key (a counter from 1), bound to the user that
// asked, for 10 minutes (SECONDS_UNTIL_LISTPROC_CACHE_CLEANUP,
// services/plugins/vix/vixTools.c VixToolsListProcessesEx). Thread-safe.
class ListingCache
{
public:
    using Clock = std::chrono::steady_clock;
    using Now = std::function<Clock::time_point()>;

    explicit ListingCache(std::chrono::milliseconds lifetime = std::chrono::minutes(10),
                          int maxEntries = 64, Now now = {});

    quint32 store(const QString &user, QByteArray data);
    // The data of key if it belongs to user; nullopt otherwise.
    std::optional<QByteArray> fetch(quint32 key, const QString &user);
    void remove(quint32 key);
    int size() const;

private:
    struct Entry
    {
        QString user;
        QByteArray data;
        Clock::time_point expires;
    };
    void dropExpiredLocked(Clock::time_point now);

    mutable QMutex m_mutex;
    std::chrono::milliseconds m_lifetime;
    int m_maxEntries;
    Now m_now;
    quint32 m_nextKey = 1;
    QHash<quint32, Entry> m_entries;
};

// One reply of a (possibly continued) ListProcessesEx answer: the header
// vmtoolsd writes and the slice that fits maxResult bytes.
struct ListingPage
{
    QByteArray result;
    bool last = true;
};
// data includes the final NUL vmtoolsd appends; first: offset 0 of a cached answer.
ListingPage listingPage(quint32 key, const QByteArray &data, quint32 offset, qsizetype maxResult);
// Whether an answer of dataSize bytes (NUL included) needs the continuation form.
bool listingNeedsPages(qsizetype dataSize, qsizetype maxResult);

} // namespace gk::vix::server
