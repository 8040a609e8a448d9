#include "WinAccounts.h"

#include "WinErrors.h"

#include <QHash>
#include <QMutex>
#include <QSettings>

#include <windows.h>

#include <sddl.h>
#include <userenv.h>

#include <vector>

namespace gk::platform::winos {
namespace {

// The profile directory Windows recorded for a SID; empty if it has none
// (the account never logged on).
QString profileOf(const QString &sid)
{
    const QSettings list(
        QStringLiteral("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"
                       "ProfileList\\") +
            sid,
        QSettings::NativeFormat);
    QString path = list.value(QStringLiteral("ProfileImagePath")).toString();
    wchar_t expanded[MAX_PATH];
    const std::wstring in = path.toStdWString();
    const DWORD n = ExpandEnvironmentStringsW(in.c_str(), expanded, MAX_PATH);
    if (n > 0 && n <= MAX_PATH)
        path = QString::fromWCharArray(expanded, int(n) - 1);
    return path;
}

} // namespace

QString sidString(const void *sid)
{
    wchar_t *text = nullptr;
    if (!sid || !ConvertSidToStringSidW(const_cast<PSID>(sid), &text))
        return {};
    const QString out = QString::fromWCharArray(text);
    LocalFree(text);
    return out;
}

QString accountName(const void *sid)
{
    static QMutex mutex;
    static QHash<QString, QString> cache;
    const QString key = sidString(sid);
    if (key.isEmpty())
        return {};
    {
        QMutexLocker lock(&mutex);
        const auto it = cache.constFind(key);
        if (it != cache.constEnd())
            return *it;
    }
    wchar_t name[256], domain[256];
    DWORD nameSize = 256, domainSize = 256;
    SID_NAME_USE use;
    QString result = key;
    if (LookupAccountSidW(nullptr, const_cast<PSID>(sid), name, &nameSize, domain, &domainSize,
                          &use)) {
        const QString user = QString::fromWCharArray(name, int(nameSize));
        const QString dom = QString::fromWCharArray(domain, int(domainSize));
        wchar_t computer[MAX_COMPUTERNAME_LENGTH + 1];
        DWORD computerSize = MAX_COMPUTERNAME_LENGTH + 1;
        const bool local = GetComputerNameW(computer, &computerSize) &&
                           dom.compare(QString::fromWCharArray(computer, int(computerSize)),
                                       Qt::CaseInsensitive) == 0;
        result = dom.isEmpty() || local ? user : dom + QLatin1Char('\\') + user;
    }
    QMutexLocker lock(&mutex);
    if (cache.size() > 4096)
        cache.clear();
    cache.insert(key, result);
    return result;
}

Result<QString> tokenUserSid(void *token)
{
    DWORD size = 0;
    GetTokenInformation(static_cast<HANDLE>(token), TokenUser, nullptr, 0, &size);
    std::vector<char> buffer(size ? size : 1);
    if (!GetTokenInformation(static_cast<HANDLE>(token), TokenUser, buffer.data(), size, &size))
        return Result<QString>::failure(lastError(QStringLiteral("cannot read the token's user")));
    const auto *user = reinterpret_cast<const TOKEN_USER *>(buffer.data());
    return Result<QString>::success(sidString(user->User.Sid));
}

Result<UserAccount> accountByName(const QString &name)
{
    const std::wstring wide = name.toStdWString();
    std::vector<char> sid(SECURITY_MAX_SID_SIZE);
    DWORD sidSize = DWORD(sid.size());
    wchar_t domain[256];
    DWORD domainSize = 256;
    SID_NAME_USE use;
    if (name.isEmpty() ||
        !LookupAccountNameW(nullptr, wide.c_str(), sid.data(), &sidSize, domain, &domainSize,
                            &use) ||
        use != SidTypeUser)
        return Result<UserAccount>::failure(
            PlatformError::make(PlatformError::Kind::NotFound, int(GetLastError()),
                                QStringLiteral("no such user: %1").arg(name)));
    UserAccount account;
    account.sid = sidString(sid.data());
    account.name = accountName(sid.data());
    account.home = profileOf(account.sid);
    return Result<UserAccount>::success(std::move(account));
}

Result<UserAccount> accountOfToken(void *token)
{
    DWORD size = 0;
    GetTokenInformation(static_cast<HANDLE>(token), TokenUser, nullptr, 0, &size);
    std::vector<char> buffer(size ? size : 1);
    if (!GetTokenInformation(static_cast<HANDLE>(token), TokenUser, buffer.data(), size, &size))
        return Result<UserAccount>::failure(
            lastError(QStringLiteral("cannot read the token's user")));
    const PSID sid = reinterpret_cast<const TOKEN_USER *>(buffer.data())->User.Sid;
    UserAccount account;
    account.sid = sidString(sid);
    account.name = accountName(sid);
    wchar_t profile[MAX_PATH];
    DWORD profileSize = MAX_PATH;
    account.home = GetUserProfileDirectoryW(static_cast<HANDLE>(token), profile, &profileSize)
                       ? QString::fromWCharArray(profile)
                       : profileOf(account.sid);
    return Result<UserAccount>::success(std::move(account));
}

} // namespace gk::platform::winos
