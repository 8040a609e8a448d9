#include "PidfdWatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/epoll.h>
#include <unistd.h>

namespace gk::platform::linuxos {

PidfdWatcher::PidfdWatcher(std::function<void(qint64 pid)> exited, QObject *parent)
    : QObject(parent), m_exited(std::move(exited)), m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0)
        qFatal("epoll_create1 failed: %s", strerror(errno));
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PidfdWatcher::drain);
}

PidfdWatcher::~PidfdWatcher()
{
    delete m_notifier;
    ::close(m_epoll);
}

bool PidfdWatcher::add(int pidfd, qint64 pid)
{
    epoll_event event = {};
    event.events = EPOLLIN;
    event.data.u64 = quint64(pid);
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, pidfd, &event) == 0;
}

void PidfdWatcher::remove(int pidfd)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, pidfd, nullptr);
}

void PidfdWatcher::drain()
{
    epoll_event events[64];
    int n;
    do {
        n = ::epoll_wait(m_epoll, events, 64, 0);
        for (int i = 0; i < n; ++i)
            m_exited(qint64(events[i].data.u64));
    } while (n == 64);
}

} // namespace gk::platform::linuxos
