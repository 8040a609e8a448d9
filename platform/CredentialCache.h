#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace gk::platform {

class GuestSession;

// Remembers a verified credential for a short while, so that the packets of
// one transfer do not each run PAM (or LogonUserW). It keeps a salted
// SHA-256 of user and password, never the password; the salt is random per
// process. Thread-safe. Shared by the backends.
class CredentialCache
{
public:
    explicit CredentialCache(int lifetimeMs);

    // The session opened for exactly this user and password, if still fresh.
    std::shared_ptr<GuestSession> find(const QString &user, const QString &password);
    void remember(const QString &user, const QString &password,
                  std::shared_ptr<GuestSession> session);

    static constexpr int kMaxEntries = 256;

private:
    struct Entry
    {
        QByteArray digest;
        qint64 expiresMs = 0;
        std::shared_ptr<GuestSession> session;
    };
    QByteArray digest(const QString &user, const QString &password) const;

    const int m_lifetimeMs;
    const QByteArray m_salt;
    QElapsedTimer m_clock;
    QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace gk::platform
