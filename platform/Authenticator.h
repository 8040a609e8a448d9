#pragma once

#include "GuestSession.h"
#include "PlatformError.h"

#include <QString>

#include <memory>

class QThreadPool;

namespace gk::platform {

struct AuthenticatorOptions
{
    // The PAM service (Linux): /etc/pam.d/<service>, shipped in installer/pam.
    QString pamService = QStringLiteral("guestkit");
    // Every failed check takes at least this long, whatever failed, so the
    // reply time does not tell an unknown user from a wrong password and
    // guessing is slow. The OS's own failure delay is replaced by this one.
    int failureDelayMs = 2000;
    // A verified user and password are remembered this long (as a salted
    // hash) and give back the same session without asking the OS again;
    // 0 checks every time.
    int credentialCacheMs = 30000;
    // Where sessions run work posted from the event loop (and blocking calls
    // made on it). Null: QThreadPool::globalInstance(). Must outlive sessions.
    QThreadPool *pool = nullptr;
};

// Checks guest credentials with the OS (PAM on Linux, LogonUserW on Windows)
// and opens a GuestSession for the user they name.
class Authenticator
{
public:
    virtual ~Authenticator() = default;

    // Blocking (the OS check can take seconds): call it from a worker, or
    // through authenticateAsync() from the event loop. Any failure (unknown
    // user, wrong password, locked or expired account) gives the same
    // AuthenticationFailed error, code and message.
    virtual Result<std::shared_ptr<GuestSession>> authenticate(const QString &userName,
                                                               const QString &password) = 0;
    // A session acting as the daemon's own user, with no check: for
    // `auth = none` (simulator and tests) only.
    virtual std::shared_ptr<GuestSession> daemonSession() = 0;

    // Runs authenticate() on the pool; done() is called on the caller's
    // thread. The Authenticator must outlive the call.
    void authenticateAsync(QObject *context, const QString &userName, const QString &password,
                           std::function<void(Result<std::shared_ptr<GuestSession>>)> done);

protected:
    // The pool of AuthenticatorOptions (or the global one).
    virtual QThreadPool *threadPool() const = 0;
};

// Implemented by the backend the build selects (linux/ or win/).
std::unique_ptr<Authenticator> createAuthenticator(const AuthenticatorOptions &options = {});

} // namespace gk::platform
