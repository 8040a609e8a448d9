#include "CredentialVerifier.h"

#include <QThread>

namespace gk::vix::server {

CredentialVerifier::CredentialVerifier(CredentialCache &cache, TicketStore &tickets,
                                       PasswordCheck check, std::chrono::milliseconds failureDelay)
    : m_cache(cache), m_tickets(tickets), m_check(std::move(check)), m_failureDelay(failureDelay)
{}

CredentialVerifier::Outcome CredentialVerifier::refuse(VixError error, const QString &reason,
                                                       bool delay)
{
    if (delay && m_failureDelay.count() > 0)
        QThread::msleep(quint64(m_failureDelay.count()));
    Outcome out;
    out.error = error;
    out.reason = reason;
    return out;
}

CredentialVerifier::Outcome CredentialVerifier::verify(const Decoded<VixCredential> &credential)
{
    if (m_noAuth) {
        Outcome out;
        out.login = *m_noAuth;
        out.login.unauthenticated = true;
        out.reason = QStringLiteral("auth = none");
        return out;
    }
    if (!credential.ok())
        return refuse(credential.error().code, credential.error().reason, false);
    const VixCredential &c = credential.value();
    switch (c.kind) {
    case VixCredential::Kind::NamePassword: {
        if (std::optional<GuestLogin> hit = m_cache.lookup(c.userName, c.secret.view())) {
            Outcome out;
            out.login = std::move(*hit);
            out.cached = true;
            return out;
        }
        platform::Result<GuestLogin> checked = m_check(c.userName, c.secret);
        if (!checked.ok()) {
            // The check delays failures itself; a failure is never remembered.
            return refuse(
                VixErr::InvalidLoginCredentials,
                QStringLiteral("login of '%1' refused: %2").arg(c.userName, checked.error.message),
                false);
        }
        m_cache.remember(c.userName, c.secret.view(), checked.value);
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
        return refuse(VixErr::InvalidLoginCredentials, QStringLiteral("unknown or expired ticket"),
                      true);
    }
    case VixCredential::Kind::NamedInteractiveUser:
    case VixCredential::Kind::Sspi:
    case VixCredential::Kind::SamlToken:
    case VixCredential::Kind::Unsupported:
        break;
    }
    return refuse(VixErr::NotSupported,
                  QStringLiteral("credential type %1 is not supported").arg(c.type), false);
}

} // namespace gk::vix::server
