#include "Impersonation.h"

#include <QtGlobal>

#include <windows.h>

namespace gk::platform::winos {
namespace {

thread_local void *t_active = nullptr;

void switchTo(void *token)
{
    const BOOL ok = token ? ImpersonateLoggedOnUser(static_cast<HANDLE>(token)) : RevertToSelf();
    if (!ok)
        qFatal("guestkit: cannot %s (error %lu); refusing to go on with the wrong identity",
               token ? "impersonate the guest user" : "revert to the service's identity",
               GetLastError());
}

} // namespace

void *tokenOf(const UserAccount &user)
{
    return const_cast<void *>(user.credential.get());
}

ImpersonationGuard::ImpersonationGuard(void *token) : m_previous(t_active)
{
    if (token == t_active)
        return;
    switchTo(token);
    t_active = token;
    m_switched = true;
}

ImpersonationGuard::~ImpersonationGuard()
{
    if (!m_switched)
        return;
    switchTo(m_previous);
    t_active = m_previous;
}

void *ImpersonationGuard::current()
{
    return t_active;
}

QString threadUserName()
{
    wchar_t name[257];
    DWORD size = 257;
    if (!GetUserNameW(name, &size))
        return {};
    return QString::fromWCharArray(name, int(size) - 1);
}

} // namespace gk::platform::winos
