#pragma once

#include "platform/Authenticator.h"
#include "platform/CredentialCache.h"

namespace gk::platform::linuxos {

// Checks passwords with PAM (service AuthenticatorOptions::pamService) and
// opens LinuxGuestSessions with the user's uid, gid and groups from NSS.
class PamAuthenticator final : public Authenticator
{
public:
    explicit PamAuthenticator(const AuthenticatorOptions &options);

    Result<std::shared_ptr<GuestSession>> authenticate(const QString &userName,
                                                       const QString &password) override;
    std::shared_ptr<GuestSession> daemonSession() override;

protected:
    QThreadPool *threadPool() const override { return m_pool; }

private:
    // The one reply for every failure, after the fixed delay.
    Result<std::shared_ptr<GuestSession>> failure(qint64 elapsedMs) const;

    AuthenticatorOptions m_options;
    QThreadPool *m_pool;
    CredentialCache m_cache;
};

} // namespace gk::platform::linuxos
