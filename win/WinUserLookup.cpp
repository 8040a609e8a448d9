// UserAccount from the Windows account database (LSA name lookups). Windows
// has no numeric user ids: accounts are named by SID, and lookupUserById
// finds nothing.
#include "platform/UserLookup.h"

#include "WinAccounts.h"
#include "WinErrors.h"

#include <windows.h>

namespace gk::platform {

Result<UserAccount> lookupUserByName(const QString &name)
{
    return winos::accountByName(name);
}

Result<UserAccount> lookupUserById(qint64 uid)
{
    return Result<UserAccount>::failure(PlatformError::make(
        PlatformError::Kind::NotFound, ERROR_NONE_MAPPED,
        QStringLiteral("no such user id: %1 (Windows names users by SID)").arg(uid)));
}

Result<UserAccount> currentUser()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return Result<UserAccount>::failure(
            winos::lastError(QStringLiteral("cannot open the service's token")));
    Result<UserAccount> account = winos::accountOfToken(token);
    CloseHandle(token);
    return account;
}

} // namespace gk::platform
