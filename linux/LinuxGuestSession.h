#pragma once

#include "FsIdentity.h"
#include "LinuxSessionFiles.h"
#include "platform/GuestSession.h"

#include <memory>
#include <optional>

class QThreadPool;

namespace gk::platform::linuxos {

// A GuestSession whose work runs under an FsIdentityGuard for its user.
// Identity is taken on the thread that does the work, per call: a worker
// calling files() switches for the duration of that call (a few syscalls,
// about a microsecond), which is cheaper than handing each call to a
// dedicated session thread and waiting for it. The event-loop thread never
// switches: its blocking calls run on the pool while it waits.
class LinuxGuestSession final : public GuestSession,
                                public std::enable_shared_from_this<LinuxGuestSession>
{
public:
    // No identity: the daemon's own user (auth = none).
    LinuxGuestSession(UserAccount user, std::optional<FsIdentity> identity, QThreadPool *pool);

    const UserAccount &user() const override { return m_user; }
    bool isDaemonUser() const override { return !m_identity; }
    SessionFiles &files() override { return m_files; }
    void invoke(const std::function<void()> &fn) override;
    void post(std::function<void()> fn) override;

    const FsIdentity *identity() const { return m_identity ? &*m_identity : nullptr; }

private:
    UserAccount m_user;
    std::optional<FsIdentity> m_identity;
    QThreadPool *m_pool;
    LinuxSessionFiles m_files;
};

// True on the thread of the QCoreApplication (the event loop), if any.
bool onEventLoopThread();

} // namespace gk::platform::linuxos
