#include "TicketStore.h"

#include <QCryptographicHash>
#include <QMutexLocker>
#include <QRandomGenerator>

namespace gk::vix::server {

TicketStore::TicketStore(std::chrono::milliseconds ttl, int maxTickets, Now now)
    : m_ttl(ttl), m_maxTickets(qMax(1, maxTickets)), m_now(std::move(now))
{
    if (!m_now)
        m_now = [] {
            return Clock::now();
        };
}

QByteArray TicketStore::digest(const QByteArray &ticket)
{
    return QCryptographicHash::hash(ticket, QCryptographicHash::Sha256);
}

void TicketStore::dropExpiredLocked(Clock::time_point now)
{
    for (auto it = m_tickets.begin(); it != m_tickets.end();) {
        if (it->expires <= now)
            it = m_tickets.erase(it);
        else
            ++it;
    }
}

std::optional<QByteArray> TicketStore::issue(const GuestLogin &login)
{
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()),
                                          random.size() / int(sizeof(quint32)));
    const QByteArray ticket = random.toHex();
    QMutexLocker lock(&m_mutex);
    const Clock::time_point now = m_now();
    dropExpiredLocked(now);
    if (m_tickets.size() >= m_maxTickets)
        return std::nullopt;
    m_tickets.insert(digest(ticket), Entry{login, now + m_ttl});
    return ticket;
}

std::optional<GuestLogin> TicketStore::find(const QByteArray &ticket)
{
    if (ticket.size() != kTicketLength)
        return std::nullopt;
    const QByteArray key = digest(ticket);
    QMutexLocker lock(&m_mutex);
    const auto it = m_tickets.find(key);
    if (it == m_tickets.end())
        return std::nullopt;
    if (it->expires <= m_now()) {
        m_tickets.erase(it);
        return std::nullopt;
    }
    GuestLogin login = it->login;
    login.viaTicket = true;
    return login;
}

bool TicketStore::release(const QByteArray &ticket)
{
    const QByteArray key = digest(ticket);
    QMutexLocker lock(&m_mutex);
    const auto it = m_tickets.find(key);
    if (it == m_tickets.end())
        return false;
    const bool live = it->expires > m_now();
    m_tickets.erase(it);
    return live;
}

void TicketStore::releaseUser(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    for (auto it = m_tickets.begin(); it != m_tickets.end();) {
        if (it->login.account.name == name)
            it = m_tickets.erase(it);
        else
            ++it;
    }
}

void TicketStore::clear()
{
    QMutexLocker lock(&m_mutex);
    m_tickets.clear();
}

void TicketStore::setTtl(std::chrono::milliseconds ttl)
{
    QMutexLocker lock(&m_mutex);
    m_ttl = ttl;
}

int TicketStore::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_tickets.size());
}

} // namespace gk::vix::server
