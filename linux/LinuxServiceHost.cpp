// Linux service integration: stop (SIGTERM, SIGINT) and reload (SIGHUP)
// signals through a self-pipe watched by the event loop, readiness through
// the sd_notify protocol.
#include "platform/ServiceHost.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstddef>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace gk::platform {
namespace {

int g_signalPipe[2] = {-1, -1};

extern "C" void onSignal(int signo)
{
    const char byte = char(signo);
    // Async-signal-safe: one write to a non-blocking socket.
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

// The sd_notify protocol (sd_notify(3), a stable systemd interface): one
// datagram of "KEY=VALUE" lines to the AF_UNIX socket named by NOTIFY_SOCKET,
// where a leading '@' means the abstract namespace. Written here rather than
// linking libsystemd, which with its compression and crypto libraries costs
// the idle daemon over 1 MiB of resident memory for this one call
// (docs/performance.md).
void notifyServiceManager(const QByteArray &state)
{
    const QByteArray path = qgetenv("NOTIFY_SOCKET");
    sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    if (path.size() < 2 || size_t(path.size()) >= sizeof addr.sun_path ||
        (path.at(0) != '/' && path.at(0) != '@'))
        return; // not started by systemd with Type=notify
    std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
    if (addr.sun_path[0] == '@')
        addr.sun_path[0] = '\0';
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    [[maybe_unused]] const ssize_t n =
        ::sendto(fd, state.constData(), size_t(state.size()), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr *>(&addr),
                 socklen_t(offsetof(sockaddr_un, sun_path) + size_t(path.size())));
    ::close(fd);
}

class LinuxServiceHost final : public ServiceHost
{
public:
    ~LinuxServiceHost() override
    {
        if (m_notifier) {
            ::signal(SIGTERM, SIG_DFL);
            ::signal(SIGINT, SIG_DFL);
            ::signal(SIGHUP, SIG_DFL);
        }
    }

    void installStopHandler(std::function<void()> onStop) override
    {
        m_onStop = std::move(onStop);
        watch({SIGTERM, SIGINT});
        // A VMX that goes away must never kill the daemon through a write.
        ::signal(SIGPIPE, SIG_IGN);
    }

    void installReloadHandler(std::function<void()> onReload) override
    {
        m_onReload = std::move(onReload);
        watch({SIGHUP});
    }

    void notifyReady(const QString &status) override
    {
        notifyServiceManager("READY=1\nSTATUS=" + status.toUtf8());
    }

    void notifyStopping() override { notifyServiceManager("STOPPING=1"); }

    // sd_watchdog_enabled(3): WATCHDOG_USEC is the interval; WATCHDOG_PID,
    // when set, must name this process (not a parent that passed it on).
    std::chrono::milliseconds watchdogInterval() const override
    {
        bool ok = false;
        const qulonglong usec = qEnvironmentVariable("WATCHDOG_USEC").toULongLong(&ok);
        if (!ok || usec == 0)
            return {};
        const QByteArray pid = qgetenv("WATCHDOG_PID");
        if (!pid.isEmpty() && pid.toLongLong() != qint64(::getpid()))
            return {};
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::microseconds(usec));
    }

    void notifyWatchdog() override { notifyServiceManager("WATCHDOG=1"); }

private:
    // The handler writes the signal number to the pipe; the event loop reads
    // it and runs the matching callback, a stop winning over a reload.
    void watch(std::initializer_list<int> signalNumbers)
    {
        if (g_signalPipe[0] < 0 &&
            ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
            qFatal("cannot create the signal socket pair");
        if (!m_notifier) {
            m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
            QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this] { drain(); });
        }
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        for (const int signo : signalNumbers)
            ::sigaction(signo, &sa, nullptr);
    }

    void drain()
    {
        bool stop = false;
        bool reload = false;
        char buf[16];
        ssize_t n;
        while ((n = ::read(g_signalPipe[0], buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; ++i) {
                stop = stop || buf[i] == SIGTERM || buf[i] == SIGINT;
                reload = reload || buf[i] == SIGHUP;
            }
        }
        if (stop && m_onStop)
            m_onStop();
        else if (reload && m_onReload)
            m_onReload();
    }

    std::unique_ptr<QSocketNotifier> m_notifier;
    std::function<void()> m_onStop;
    std::function<void()> m_onReload;
};

} // namespace

std::unique_ptr<ServiceHost> createServiceHost()
{
    return std::make_unique<LinuxServiceHost>();
}

std::optional<int> runServiceCommand(const QStringList &)
{
    return std::nullopt;
}

} // namespace gk::platform
