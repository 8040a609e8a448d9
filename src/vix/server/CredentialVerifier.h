#pragma once

#include "CredentialCache.h"
#include "GuestLogin.h"
#include "TicketStore.h"
#include "platform/PlatformError.h"
#include "vix/codec/VixCredential.h"

#include <QMutex>

#include <chrono>
#include <functional>
#include <optional>

namespace gk::vix::server {

// Turns a request's credential into a GuestLogin, the way vmtoolsd's
// VixToolsImpersonateUser does (services/plugins/vix/vixTools.c), with the
// cache and tickets in front of the OS check. Blocking (the OS check can take
// seconds, and a failure is delayed on purpose): call it on a worker.
class CredentialVerifier
{
public:
    using PasswordCheck = std::function<platform::Result<GuestLogin>(const QString &name,
                                                                     const SecretBytes &password)>;

    struct Outcome
    {
        VixError error = VixErr::Ok;
        GuestLogin login;
        QByteArray ticket; // set when the credential was a ticket
        QString reason;    // for the log; never contains the secret
        bool cached = false;
    };

    // failureDelay: how long a bad ticket takes to refuse (the OS check
    // brings its own delay for a bad password), so a reply's timing tells
    // nothing and guessing stays slow.
    CredentialVerifier(CredentialCache &cache, TicketStore &tickets, PasswordCheck check,
                       std::chrono::milliseconds failureDelay);

    // `auth = none`: every credential is accepted and the request runs as
    // `login` (the daemon's own user). The setters are safe while workers
    // verify: a check under way finishes with what it started with.
    void setNoAuth(std::optional<GuestLogin> login);
    bool isNoAuth() const;
    // A config reload: the new OS check (a new PAM service or failure
    // delay) and the delay of a refused ticket.
    void setPasswordCheck(PasswordCheck check);
    void setFailureDelay(std::chrono::milliseconds failureDelay);

    Outcome verify(const Decoded<VixCredential> &credential);

private:
    Outcome refuse(VixError error, const QString &reason, std::chrono::milliseconds delay);

    CredentialCache &m_cache;
    TicketStore &m_tickets;
    PasswordCheck m_check;
    std::chrono::milliseconds m_failureDelay;
    std::optional<GuestLogin> m_noAuth;
    quint64 m_generation = 0; // counts setPasswordCheck() calls
    mutable QMutex m_mutex;   // guards m_check, m_failureDelay, m_noAuth, m_generation
};

} // namespace gk::vix::server
