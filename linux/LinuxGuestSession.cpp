#include "LinuxGuestSession.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <latch>

namespace gk::platform::linuxos {

bool onEventLoopThread()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread();
}

LinuxGuestSession::LinuxGuestSession(UserAccount user, std::optional<FsIdentity> identity,
                                     QThreadPool *pool)
    : m_user(std::move(user)), m_identity(std::move(identity)), m_pool(pool), m_files(*this)
{}

void LinuxGuestSession::invoke(const std::function<void()> &fn)
{
    if (!onEventLoopThread()) {
        FsIdentityGuard guard(identity());
        fn();
        return;
    }
    std::latch done(1);
    m_pool->start([this, &fn, &done] {
        {
            FsIdentityGuard guard(identity());
            fn();
        }
        done.count_down();
    });
    done.wait();
}

void LinuxGuestSession::post(std::function<void()> fn)
{
    m_pool->start([self = shared_from_this(), fn = std::move(fn)] {
        FsIdentityGuard guard(self->identity());
        fn();
    });
}

} // namespace gk::platform::linuxos
