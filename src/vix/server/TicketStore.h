#pragma once

#include "GuestLogin.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <chrono>
#include <functional>
#include <optional>

namespace gk::vix::server {

// The tickets AcquireCredentials hands out: an opaque random string bound to
// the account that authenticated, valid until it expires or is released.
// vmtoolsd implements tickets only on Windows through SSPI
// (services/plugins/vix/vixTools.c VixToolsAcquireCredentials); here they
// work on every OS. Only a SHA-256 of each ticket is kept, so the table
// itself does not hold usable tickets. Thread-safe.
class TicketStore
{
public:
    using Clock = std::chrono::steady_clock;
    using Now = std::function<Clock::time_point()>;

    explicit TicketStore(std::chrono::milliseconds ttl, int maxTickets = 256, Now now = {});

    // A new ticket for login; nullopt when maxTickets are live.
    std::optional<QByteArray> issue(const GuestLogin &login);
    std::optional<GuestLogin> find(const QByteArray &ticket);
    // True when the ticket was live.
    bool release(const QByteArray &ticket);
    void releaseUser(const QString &name);
    void clear();
    void setTtl(std::chrono::milliseconds ttl);
    int size() const;

    // Length of the tickets issue() returns (hex of 32 random bytes).
    static constexpr int kTicketLength = 64;

private:
    struct Entry
    {
        GuestLogin login;
        Clock::time_point expires;
    };
    static QByteArray digest(const QByteArray &ticket);
    void dropExpiredLocked(Clock::time_point now);

    mutable QMutex m_mutex;
    std::chrono::milliseconds m_ttl;
    int m_maxTickets;
    Now m_now;
    QHash<QByteArray, Entry> m_tickets;
};

} // namespace gk::vix::server
