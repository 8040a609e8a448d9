#include "WinAuthenticator.h"

#include "Impersonation.h"
#include "WinAccounts.h"
#include "WinGuestSession.h"

#include "platform/UserLookup.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>
#include <QThreadPool>

#include <windows.h>

#include <userenv.h>

Q_LOGGING_CATEGORY(lcWinAuth, "gk.platform.auth")

namespace gk::platform::winos {
namespace {

// The token and the user's loaded profile (HKCU, so registry operations and
// processes see the user's own hive), released together with the last copy.
struct Logon
{
    HANDLE token = nullptr;
    HANDLE profile = nullptr;
    ~Logon()
    {
        if (profile)
            UnloadUserProfile(token, profile);
        if (token)
            CloseHandle(token);
    }
};

} // namespace

void splitLogonName(const QString &name, QString *user, QString *domain)
{
    const int slash = name.indexOf(QLatin1Char('\\'));
    if (slash >= 0) {
        *domain = name.left(slash);
        *user = name.mid(slash + 1);
    } else if (name.contains(QLatin1Char('@'))) {
        // UPN form: LogonUserW wants it whole with no domain.
        *domain = QString();
        *user = name;
    } else {
        *domain = QStringLiteral(".");
        *user = name;
    }
}

WinAuthenticator::WinAuthenticator(const AuthenticatorOptions &options)
    : m_options(options), m_pool(options.pool ? options.pool : QThreadPool::globalInstance()),
      m_cache(options.credentialCacheMs)
{}

Result<std::shared_ptr<GuestSession>> WinAuthenticator::failure(qint64 elapsedMs) const
{
    const qint64 left = m_options.failureDelayMs - elapsedMs;
    if (left > 0)
        QThread::msleep(static_cast<unsigned long>(left));
    // ERROR_LOGON_FAILURE whatever went wrong, so the code does not tell.
    return Result<std::shared_ptr<GuestSession>>::failure(PlatformError::make(
        PlatformError::Kind::AuthenticationFailed, ERROR_LOGON_FAILURE,
        QStringLiteral("authentication failed: unknown user name or bad password")));
}

Result<std::shared_ptr<GuestSession>> WinAuthenticator::authenticate(const QString &userName,
                                                                     const QString &password)
{
    QElapsedTimer clock;
    clock.start();
    if (userName.isEmpty() || userName.contains(QChar()) || password.contains(QChar()))
        return failure(clock.elapsed());
    if (ImpersonationGuard::current()) {
        qCWarning(lcWinAuth) << "authenticate() called inside a guest session; refused";
        return failure(clock.elapsed());
    }
    if (auto remembered = m_cache.find(userName, password))
        return Result<std::shared_ptr<GuestSession>>::success(std::move(remembered));

    QString user, domain;
    splitLogonName(userName, &user, &domain);
    const std::wstring wUser = user.toStdWString(), wDomain = domain.toStdWString();
    std::wstring wPassword = password.toStdWString();
    auto logon = std::make_shared<Logon>();
    const BOOL ok =
        LogonUserW(wUser.c_str(), domain.isEmpty() ? nullptr : wDomain.c_str(), wPassword.c_str(),
                   LOGON32_LOGON_INTERACTIVE, LOGON32_PROVIDER_DEFAULT, &logon->token);
    const DWORD err = GetLastError();
    SecureZeroMemory(wPassword.data(), wPassword.size() * sizeof(wchar_t));
    if (!ok) {
        logon->token = nullptr;
        qCInfo(lcWinAuth, "LogonUserW refused a guest login (error %lu)", err);
        return failure(clock.elapsed());
    }
    Result<UserAccount> account = accountOfToken(logon->token);
    if (!account.ok()) {
        qCWarning(lcWinAuth) << "logon of" << userName << "succeeded but" << account.error.message;
        return failure(clock.elapsed());
    }
    PROFILEINFOW profile = {};
    profile.dwSize = sizeof profile;
    profile.dwFlags = PI_NOUI;
    profile.lpUserName = const_cast<wchar_t *>(wUser.c_str());
    if (LoadUserProfileW(logon->token, &profile))
        logon->profile = profile.hProfile;
    else
        qCInfo(lcWinAuth, "cannot load the profile of %s (error %lu)", qUtf8Printable(userName),
               GetLastError());
    // The aliasing constructor: the credential is the token handle, kept
    // alive (with the profile) by the Logon it belongs to.
    account.value.credential = std::shared_ptr<const void>(logon, logon->token);
    auto session = std::make_shared<WinGuestSession>(std::move(account.value), m_pool);
    m_cache.remember(userName, password, session);
    return Result<std::shared_ptr<GuestSession>>::success(std::move(session));
}

std::shared_ptr<GuestSession> WinAuthenticator::daemonSession()
{
    Result<UserAccount> self = currentUser();
    UserAccount account = self.ok() ? self.value : UserAccount{};
    if (account.name.isEmpty())
        account.name = QStringLiteral("SYSTEM");
    account.credential.reset();
    return std::make_shared<WinGuestSession>(std::move(account), m_pool);
}

} // namespace gk::platform::winos

namespace gk::platform {
std::unique_ptr<Authenticator> createAuthenticator(const AuthenticatorOptions &options)
{
    return std::make_unique<winos::WinAuthenticator>(options);
}
} // namespace gk::platform
