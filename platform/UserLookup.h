#pragma once

#include "platform/PlatformError.h"
#include "platform/UserAccount.h"

namespace gk::platform {

// Builds the UserAccount of an existing user from the OS's account databases
// (Linux: passwd and group, with every supplementary group). For the auth=none
// path and tests; an authenticated session gets its account from the
// authenticator. Unknown user: NotFound.
Result<UserAccount> lookupUserByName(const QString &name);
Result<UserAccount> lookupUserById(qint64 uid);
// The account the daemon itself runs as.
Result<UserAccount> currentUser();

} // namespace gk::platform
