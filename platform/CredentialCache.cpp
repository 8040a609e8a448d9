#include "CredentialCache.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace gk::platform {
namespace {

QByteArray randomSalt()
{
    QByteArray salt(32, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()),
                                          salt.size() / int(sizeof(quint32)));
    return salt;
}

// Compares without an early exit, so the time taken does not say how many
// leading bytes matched.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

} // namespace

CredentialCache::CredentialCache(int lifetimeMs) : m_lifetimeMs(lifetimeMs), m_salt(randomSalt())
{
    m_clock.start();
}

QByteArray CredentialCache::digest(const QString &user, const QString &password) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_salt);
    hash.addData(user.toUtf8());
    hash.addData(QByteArray(1, '\0'));
    hash.addData(password.toUtf8());
    return hash.result();
}

std::shared_ptr<GuestSession> CredentialCache::find(const QString &user, const QString &password)
{
    if (m_lifetimeMs <= 0)
        return nullptr;
    const QByteArray d = digest(user, password);
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.find(user);
    if (it == m_entries.end())
        return nullptr;
    if (it->expiresMs <= m_clock.elapsed()) {
        m_entries.erase(it);
        return nullptr;
    }
    return sameBytes(it->digest, d) ? it->session : nullptr;
}

void CredentialCache::remember(const QString &user, const QString &password,
                               std::shared_ptr<GuestSession> session)
{
    if (m_lifetimeMs <= 0)
        return;
    const QByteArray d = digest(user, password);
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_clock.elapsed();
    if (m_entries.size() >= kMaxEntries) {
        for (auto it = m_entries.begin(); it != m_entries.end();)
            it = it->expiresMs <= now ? m_entries.erase(it) : std::next(it);
        if (m_entries.size() >= kMaxEntries)
            m_entries.clear();
    }
    m_entries.insert(user, Entry{d, now + m_lifetimeMs, std::move(session)});
}

} // namespace gk::platform
