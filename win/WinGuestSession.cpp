#include "WinGuestSession.h"

#include "Impersonation.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

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
    // QSemaphore, not std::latch: GCC 12's libstdc++ waits on atomics
    // without futexes on Windows and can miss the wake-up (a hang seen
    // under Wine); Qt's semaphore uses a mutex and a condition variable.
    QSemaphore done;
    m_pool->start([this, &fn, &done] {
        {
            ImpersonationGuard guard(m_token);
            fn();
        }
        done.release();
    });
    done.acquire();
}

void WinGuestSession::post(std::function<void()> fn)
{
    m_pool->start([self = shared_from_this(), fn = std::move(fn)] {
        ImpersonationGuard guard(self->m_token);
        fn();
    });
}

} // namespace gk::platform::winos
