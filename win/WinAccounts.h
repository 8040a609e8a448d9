#pragma once

#include "platform/PlatformError.h"
#include "platform/UserAccount.h"

#include <QString>

namespace gk::platform::winos {

// SIDs and account names (the Windows side of FileOwner and UserAccount).
// `sid` arguments are PSIDs; void* keeps <windows.h> out of this header.

// "S-1-5-21-..." for a SID.
QString sidString(const void *sid);
// The account name of a SID, "user" for local accounts and "DOMAIN\user"
// otherwise; the SID string when it names no account. Cached (name lookups
// can ask a domain controller).
QString accountName(const void *sid);
// The SID string of the user a token belongs to.
Result<QString> tokenUserSid(void *token);
// The account of `name` ("user", "DOMAIN\user", "user@domain"): name, SID
// and home (the profile directory recorded under ProfileList).
Result<UserAccount> accountByName(const QString &name);
// The account a token belongs to, with its profile directory as home.
Result<UserAccount> accountOfToken(void *token);

} // namespace gk::platform::winos
