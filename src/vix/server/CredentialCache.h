#pragma once

#include "GuestLogin.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace gk::vix::server {

// Remembers name/password pairs that passed the OS check, for a short time,
// because every VIX request (and every HGFS packet of a transfer) carries
// the credentials again and a PAM conversation per request would dominate
// every latency. The key is SHA-256 over a random per-process salt, the name
// and the password: neither the password nor an unsalted hash of it is kept.
// Only successes are stored; callers never remember a failure.
// Thread-safe: workers look up and remember concurrently.
class CredentialCache
{
public:
    using Clock = std::chrono::steady_clock;
    using Now = std::function<Clock::time_point()>;

    // ttl 0 disables the cache. maxEntries bounds memory; the oldest entry
    // goes first.
    explicit CredentialCache(std::chrono::milliseconds ttl, int maxEntries = 64, Now now = {});

    std::optional<GuestLogin> lookup(const QString &name, std::string_view password);
    void remember(const QString &name, std::string_view password, const GuestLogin &login);

    // LogoutInGuest: every entry of that user.
    void forgetUser(const QString &name);
    // Config reload.
    void clear();
    void setTtl(std::chrono::milliseconds ttl);
    std::chrono::milliseconds ttl() const;
    int size() const;

private:
    struct Entry
    {
        GuestLogin login;
        Clock::time_point expires;
        quint64 serial = 0;
    };
    QByteArray keyFor(const QString &name, std::string_view password) const;
    void dropExpiredLocked(Clock::time_point now);

    mutable QMutex m_mutex;
    QByteArray m_salt;
    std::chrono::milliseconds m_ttl;
    int m_maxEntries;
    Now m_now;
    QHash<QByteArray, Entry> m_entries;
    quint64 m_serial = 0;
};

} // namespace gk::vix::server
