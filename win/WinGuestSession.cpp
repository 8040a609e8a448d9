#include "WinGuestSession.h"

#include "Impersonation.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <latch>

namespace gk::platform::winos {

bool onEventLoopThread()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread();
}

WinGuestSession::WinGuestSession(UserAccount user, QThreadPool *pool)
    : m_user(std::move(user)), m_token(tokenOf(m_user)), m_pool(pool), m_files(*this)
{}

void WinGuestSession::invoke(const std::function<void()> &fn)
{
    if (!onEventLoopThread()) {
        ImpersonationGuard guard(m_token);
        fn();
        return;
    }
    std::latch done(1);
    m_pool->start([this, &fn, &done] {
        {
            ImpersonationGuard guard(m_token);
            fn();
        }
        done.count_down();
    });
    done.wait();
}

void WinGuestSession::post(std::function<void()> fn)
{
    m_pool->start([self = shared_from_this(), fn = std::move(fn)] {
        ImpersonationGuard guard(self->m_token);
        fn();
    });
}

} // namespace gk::platform::winos
