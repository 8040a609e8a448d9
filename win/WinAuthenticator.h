#pragma once

#include "platform/Authenticator.h"
#include "platform/CredentialCache.h"

namespace gk::platform::winos {

// Checks passwords with LogonUserW (an interactive logon, as vmtoolsd's
// VixToolsImpersonateUser does through Impersonate_Do) and opens
// WinGuestSessions that impersonate the logon token.
class WinAuthenticator final : public Authenticator
{
public:
    explicit WinAuthenticator(const AuthenticatorOptions &options);

    Result<std::shared_ptr<GuestSession>> authenticate(const QString &userName,
                                                       const QString &password) override;
    std::shared_ptr<GuestSession> daemonSession() override;

protected:
    QThreadPool *threadPool() const override { return m_pool; }

private:
    Result<std::shared_ptr<GuestSession>> failure(qint64 elapsedMs) const;

    AuthenticatorOptions m_options;
    QThreadPool *m_pool;
    CredentialCache m_cache;
};

// "DOMAIN\user" and "user@domain" -> LogonUserW's user and domain ("." for
// a local account); exposed for tests.
void splitLogonName(const QString &name, QString *user, QString *domain);

} // namespace gk::platform::winos
