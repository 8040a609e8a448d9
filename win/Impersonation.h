#pragma once

#include "platform/PlatformError.h"
#include "platform/UserAccount.h"

namespace gk::platform::winos {

// The logon token a UserAccount carries (UserAccount::credential holds the
// HANDLE and closes it with the last copy); null for the daemon's own user.
void *tokenOf(const UserAccount &user);

// Makes the calling thread act as the user of `token` until the guard is
// destroyed (ImpersonateLoggedOnUser), then reverts to the daemon's own
// identity (RevertToSelf) or to the outer guard's token. The Windows
// counterpart of the Linux FsIdentityGuard: the OS checks every access of
// the thread as that user. Never used on the event-loop thread (the session
// moves such work to a pool thread). A failed switch aborts the process,
// since carrying on would run the operation with the daemon's rights.
// Guards nest; a guard for the token already active does nothing.
class ImpersonationGuard
{
public:
    explicit ImpersonationGuard(void *token);
    ~ImpersonationGuard();
    ImpersonationGuard(const ImpersonationGuard &) = delete;
    ImpersonationGuard &operator=(const ImpersonationGuard &) = delete;

    // The token the calling thread acts as through a guard (null: its own).
    static void *current();

private:
    void *m_previous = nullptr;
    bool m_switched = false;
};

// The account name the calling thread acts as right now: the impersonated
// user inside a guard, else the service's.
QString threadUserName();

} // namespace gk::platform::winos
