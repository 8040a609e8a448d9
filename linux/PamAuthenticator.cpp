#include "PamAuthenticator.h"

#include "FsIdentity.h"
#include "LinuxGuestSession.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QThread>
#include <QThreadPool>

#include <cstdlib>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <security/pam_appl.h>
#include <unistd.h>

#include <vector>

Q_LOGGING_CATEGORY(lcAuth, "gk.platform.auth")

namespace gk::platform::linuxos {
namespace {

struct Credentials
{
    QByteArray user;
    QByteArray password;
};

// PAM asks its questions through this; only the two prompts a password
// check needs are answered, anything else ends the conversation.
extern "C" int converse(int count, const pam_message **messages, pam_response **responses,
                        void *data)
{
    if (count <= 0 || count > PAM_MAX_NUM_MSG)
        return PAM_CONV_ERR;
    const auto *creds = static_cast<const Credentials *>(data);
    auto *replies = static_cast<pam_response *>(std::calloc(size_t(count), sizeof(pam_response)));
    if (!replies)
        return PAM_BUF_ERR;
    for (int i = 0; i < count; ++i) {
        switch (messages[i]->msg_style) {
        case PAM_PROMPT_ECHO_OFF:
            replies[i].resp = ::strdup(creds->password.constData());
            break;
        case PAM_PROMPT_ECHO_ON:
            replies[i].resp = ::strdup(creds->user.constData());
            break;
        case PAM_ERROR_MSG:
        case PAM_TEXT_INFO:
            continue;
        default:
            for (int j = 0; j < i; ++j)
                std::free(replies[j].resp);
            std::free(replies);
            return PAM_CONV_ERR;
        }
    }
    *responses = replies;
    return PAM_SUCCESS;
}

// Replaces PAM's own failure delay (pam_unix's 2 s, pam_faildelay's) with
// ours, which is the same for every kind of failure.
extern "C" void noPamDelay(int, unsigned, void *) {}

// 0 when PAM accepts the user and password (and the account is usable).
int pamCheck(const QString &service, const Credentials &creds)
{
    // Linux-PAM does not promise that its modules are thread-safe (some use
    // getpwnam and static buffers), so one check runs at a time. The
    // failure delay is taken after the lock is released.
    static QMutex pamMutex;
    QMutexLocker lock(&pamMutex);
    pam_conv conversation{converse, const_cast<Credentials *>(&creds)};
    pam_handle_t *handle = nullptr;
    int rc =
        ::pam_start(service.toUtf8().constData(), creds.user.constData(), &conversation, &handle);
    if (rc != PAM_SUCCESS) {
        qCWarning(lcAuth) << "pam_start failed for service" << service << ":" << rc;
        return rc;
    }
    ::pam_set_item(handle, PAM_FAIL_DELAY, reinterpret_cast<const void *>(&noPamDelay));
    rc = ::pam_authenticate(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
    if (rc == PAM_SUCCESS)
        rc = ::pam_acct_mgmt(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
    if (rc != PAM_SUCCESS)
        qCInfo(lcAuth) << "PAM refused a guest login:" << ::pam_strerror(handle, rc);
    ::pam_end(handle, rc);
    return rc;
}

bool lookUpAccount(const QByteArray &name, uid_t uidWanted, bool byUid, UserAccount *account,
                   FsIdentity *identity)
{
    std::vector<char> buf(size_t(qMax(::sysconf(_SC_GETPW_R_SIZE_MAX), 16384L)));
    passwd pw{};
    passwd *found = nullptr;
    for (;;) {
        const int rc = byUid ? ::getpwuid_r(uidWanted, &pw, buf.data(), buf.size(), &found)
                             : ::getpwnam_r(name.constData(), &pw, buf.data(), buf.size(), &found);
        if (rc != ERANGE || buf.size() >= (1u << 20))
            break;
        buf.resize(buf.size() * 2);
    }
    if (!found)
        return false;
    account->name = QString::fromUtf8(found->pw_name);
    account->home = QString::fromUtf8(found->pw_dir);
    account->shell = QString::fromUtf8(found->pw_shell);
    account->uid = found->pw_uid;
    account->gid = found->pw_gid;

    int count = 64;
    std::vector<gid_t> groups(static_cast<size_t>(count));
    while (::getgrouplist(found->pw_name, found->pw_gid, groups.data(), &count) < 0) {
        if (count > 65536)
            return false;
        groups.resize(size_t(count));
    }
    identity->uid = found->pw_uid;
    identity->gid = found->pw_gid;
    identity->groups.clear();
    account->groups.clear();
    for (int i = 0; i < count; ++i) {
        identity->groups.append(groups[size_t(i)]);
        account->groups.append(groups[size_t(i)]);
    }
    return true;
}

} // namespace

PamAuthenticator::PamAuthenticator(const AuthenticatorOptions &options)
    : m_options(options), m_pool(options.pool ? options.pool : QThreadPool::globalInstance()),
      m_cache(options.credentialCacheMs)
{}

Result<std::shared_ptr<GuestSession>> PamAuthenticator::failure(qint64 elapsedMs) const
{
    const qint64 left = m_options.failureDelayMs - elapsedMs;
    if (left > 0)
        QThread::msleep(static_cast<unsigned long>(left));
    // PAM_AUTH_ERR whatever PAM said, so the code does not tell either.
    return Result<std::shared_ptr<GuestSession>>::failure(PlatformError::make(
        PlatformError::Kind::AuthenticationFailed, PAM_AUTH_ERR,
        QStringLiteral("authentication failed: unknown user name or bad password")));
}

Result<std::shared_ptr<GuestSession>> PamAuthenticator::authenticate(const QString &userName,
                                                                     const QString &password)
{
    QElapsedTimer clock;
    clock.start();
    const Credentials creds{userName.toUtf8(), password.toUtf8()};
    if (creds.user.isEmpty() || creds.user.contains('\0') || creds.password.contains('\0'))
        return failure(clock.elapsed());
    if (FsIdentityGuard::current()) {
        // pam_unix reads /etc/shadow with the daemon's file identity.
        qCWarning(lcAuth) << "authenticate() called inside a guest session; refused";
        return failure(clock.elapsed());
    }
    if (auto remembered = m_cache.find(userName, password))
        return Result<std::shared_ptr<GuestSession>>::success(std::move(remembered));
    if (pamCheck(m_options.pamService, creds) != PAM_SUCCESS)
        return failure(clock.elapsed());

    UserAccount account;
    FsIdentity identity;
    if (!lookUpAccount(creds.user, 0, false, &account, &identity)) {
        qCWarning(lcAuth) << "PAM accepted" << userName << "but NSS does not know the account";
        return failure(clock.elapsed());
    }
    std::optional<FsIdentity> switchTo = identity;
    if (::geteuid() != 0) {
        // Without root the thread cannot take another identity; only the
        // daemon's own user can work, as itself.
        if (identity.uid != ::geteuid()) {
            qCWarning(lcAuth) << "the daemon is not root and cannot act as" << userName;
            return failure(clock.elapsed());
        }
        switchTo.reset();
    }
    auto session =
        std::make_shared<LinuxGuestSession>(std::move(account), std::move(switchTo), m_pool);
    m_cache.remember(userName, password, session);
    return Result<std::shared_ptr<GuestSession>>::success(std::move(session));
}

std::shared_ptr<GuestSession> PamAuthenticator::daemonSession()
{
    UserAccount account;
    FsIdentity unused;
    if (!lookUpAccount({}, ::geteuid(), true, &account, &unused)) {
        account.name = QString::number(::geteuid());
        account.uid = ::geteuid();
        account.gid = ::getegid();
    }
    return std::make_shared<LinuxGuestSession>(std::move(account), std::nullopt, m_pool);
}

} // namespace gk::platform::linuxos

namespace gk::platform {
std::unique_ptr<Authenticator> createAuthenticator(const AuthenticatorOptions &options)
{
    return std::make_unique<linuxos::PamAuthenticator>(options);
}
} // namespace gk::platform
