#include "CredentialVerifier.h"

#include "VixErrorMap.h"

#include <QThread>

namespace gk::vix::server {

CredentialVerifier::CredentialVerifier(CredentialCache &cache, TicketStore &tickets,
                                       PasswordCheck check, std::chrono::milliseconds failureDelay)
    : m_cache(cache), m_tickets(tickets), m_check(std::move(check)), m_failureDelay(failureDelay)
{}

void CredentialVerifier::setNoAuth(std::optional<GuestLogin> login)
{
    QMutexLocker lock(&m_mutex);
    m_noAuth = std::move(login);
}

bool CredentialVerifier::isNoAuth() const
{
    QMutexLocker lock(&m_mutex);
    return m_noAuth.has_value();
}

void CredentialVerifier::setPasswordCheck(PasswordCheck check)
{
    QMutexLocker lock(&m_mutex);
    m_check = std::move(check);
    ++m_generation;
}

void CredentialVerifier::setFailureDelay(std::chrono::milliseconds failureDelay)
{
    QMutexLocker lock(&m_mutex);
    m_failureDelay = failureDelay;
}

CredentialVerifier::Outcome CredentialVerifier::refuse(VixError error, const QString &reason,
                                                       std::chrono::milliseconds delay)
{
    if (delay.count() > 0)
        QThread::msleep(quint64(delay.count()));
    Outcome out;
    out.error = error;
    out.reason = reason;
    return out;
}

CredentialVerifier::Outcome CredentialVerifier::verify(const Decoded<VixCredential> &credential)
{
    // One consistent view of the settings for the whole check.
    std::optional<GuestLogin> noAuth;
    PasswordCheck check;
    std::chrono::milliseconds failureDelay;
    quint64 generation = 0;
    {
        QMutexLocker lock(&m_mutex);
        noAuth = m_noAuth;
        check = m_check;
        failureDelay = m_failureDelay;
        generation = m_generation;
    }
    const std::chrono::milliseconds noDelay{0};
    if (noAuth) {
        Outcome out;
        out.login = *noAuth;
        out.login.unauthenticated = true;
        out.reason = QStringLiteral("auth = none");
        return out;
    }
    if (!credential.ok())
        return refuse(credential.error().code, credential.error().reason, noDelay);
    const VixCredential &c = credential.value();
    switch (c.kind) {
    case VixCredential::Kind::NamePassword: {
        if (std::optional<GuestLogin> hit = m_cache.lookup(c.userName, c.secret.view())) {
            Outcome out;
            out.login = std::move(*hit);
            out.cached = true;
            return out;
        }
        platform::Result<GuestLogin> checked = check(c.userName, c.secret);
        if (!checked.ok()) {
            // The check delays failures itself; a failure is never remembered.
            return refuse(
                vixErrorFor(OpFamily::Auth, checked.error.kind),
                QStringLiteral("login of '%1' refused: %2").arg(c.userName, checked.error.message),
                noDelay);
        }
        {
            // A check that a reload replaced while it ran is not remembered:
            // the reload emptied the cache for the new rules.
            QMutexLocker lock(&m_mutex);
            if (generation == m_generation)
                m_cache.remember(c.userName, c.secret.view(), checked.value);
        }
        Outcome out;
        out.login = std::move(checked.value);
        return out;
    }
    case VixCredential::Kind::Ticket: {
        const QByteArray ticket(c.secret.constData(), c.secret.size());
        if (std::optional<GuestLogin> login = m_tickets.find(ticket)) {
            Outcome out;
            out.login = std::move(*login);
            out.ticket = ticket;
            return out;
        }
        return refuse(
            vixErrorFor(OpFamily::Auth, platform::PlatformError::Kind::AuthenticationFailed),
            QStringLiteral("unknown or expired ticket"), failureDelay);
    }
    case VixCredential::Kind::NamedInteractiveUser:
    case VixCredential::Kind::Sspi:
    case VixCredential::Kind::SamlToken:
    case VixCredential::Kind::Unsupported:
        break;
    }
    return refuse(VixErr::NotSupported,
                  QStringLiteral("credential type %1 is not supported").arg(c.type), noDelay);
}

} // namespace gk::vix::server
