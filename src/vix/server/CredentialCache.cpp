#include "CredentialCache.h"

#include <QCryptographicHash>
#include <QMutexLocker>
#include <QRandomGenerator>

namespace gk::vix::server {

namespace {

void addLengthPrefixed(QCryptographicHash &hash, const char *data, qsizetype size)
{
    // A length before each field keeps ("ab","c") and ("a","bc") apart.
    const quint64 length = quint64(size);
    hash.addData(reinterpret_cast<const char *>(&length), int(sizeof length));
    hash.addData(data, int(size));
}

} // namespace

CredentialCache::CredentialCache(std::chrono::milliseconds ttl, int maxEntries, Now now)
    : m_ttl(ttl), m_maxEntries(qMax(1, maxEntries)), m_now(std::move(now))
{
    if (!m_now)
        m_now = [] {
            return Clock::now();
        };
    m_salt.resize(32);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(m_salt.data()),
                                          m_salt.size() / int(sizeof(quint32)));
}

QByteArray CredentialCache::keyFor(const QString &name, std::string_view password) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_salt);
    const QByteArray utf8Name = name.toUtf8();
    addLengthPrefixed(hash, utf8Name.constData(), utf8Name.size());
    addLengthPrefixed(hash, password.data(), qsizetype(password.size()));
    return hash.result();
}

void CredentialCache::dropExpiredLocked(Clock::time_point now)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->expires <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

std::optional<GuestLogin> CredentialCache::lookup(const QString &name, std::string_view password)
{
    const QByteArray key = keyFor(name, password);
    QMutexLocker lock(&m_mutex);
    if (m_ttl.count() <= 0)
        return std::nullopt;
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return std::nullopt;
    if (it->expires <= m_now()) {
        m_entries.erase(it);
        return std::nullopt;
    }
    return it->login;
}

void CredentialCache::remember(const QString &name, std::string_view password,
                               const GuestLogin &login)
{
    const QByteArray key = keyFor(name, password);
    QMutexLocker lock(&m_mutex);
    if (m_ttl.count() <= 0)
        return;
    const Clock::time_point now = m_now();
    dropExpiredLocked(now);
    if (!m_entries.contains(key) && m_entries.size() >= m_maxEntries) {
        auto oldest = m_entries.begin();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->serial < oldest->serial)
                oldest = it;
        }
        m_entries.erase(oldest);
    }
    m_entries.insert(key, Entry{login, now + m_ttl, ++m_serial});
}

void CredentialCache::forgetUser(const QString &name)
{
    QMutexLocker lock(&m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->login.account.name == name)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

void CredentialCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_entries.clear();
}

void CredentialCache::setTtl(std::chrono::milliseconds ttl)
{
    QMutexLocker lock(&m_mutex);
    m_ttl = ttl;
    m_entries.clear();
}

std::chrono::milliseconds CredentialCache::ttl() const
{
    QMutexLocker lock(&m_mutex);
    return m_ttl;
}

int CredentialCache::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

} // namespace gk::vix::server
