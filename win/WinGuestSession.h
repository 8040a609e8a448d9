#pragma once

#include "WinSessionFiles.h"
#include "platform/GuestSession.h"

#include <memory>

class QThreadPool;

namespace gk::platform::winos {

// A GuestSession whose work runs under an ImpersonationGuard for the user's
// logon token, taken per call on the thread doing the work; the event-loop
// thread never impersonates: its blocking calls run on the pool while it
// waits (the same shape as the Linux session).
class WinGuestSession final : public GuestSession,
                              public std::enable_shared_from_this<WinGuestSession>
{
public:
    // A user without a token: the daemon's own user (auth = none).
    WinGuestSession(UserAccount user, QThreadPool *pool);

    const UserAccount &user() const override { return m_user; }
    bool isDaemonUser() const override { return m_token == nullptr; }
    SessionFiles &files() override { return m_files; }
    void invoke(const std::function<void()> &fn) override;
    void post(std::function<void()> fn) override;

    void *token() const { return m_token; }

private:
    UserAccount m_user;
    void *m_token;
    QThreadPool *m_pool;
    WinSessionFiles m_files;
};

// True on the thread of the QCoreApplication (the event loop), if any.
bool onEventLoopThread();

} // namespace gk::platform::winos
