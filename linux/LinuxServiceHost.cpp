// Linux service integration: stop signals through a self-pipe watched by the
// event loop, readiness through sd_notify.
#include "platform/ServiceHost.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

namespace gk::platform {
namespace {

int g_signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int signo)
{
    const char byte = char(signo);
    // Async-signal-safe: one write to a non-blocking socket.
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

class LinuxServiceHost final : public ServiceHost
{
public:
    ~LinuxServiceHost() override
    {
        if (m_notifier) {
            ::signal(SIGTERM, SIG_DFL);
            ::signal(SIGINT, SIG_DFL);
        }
    }

    void installStopHandler(std::function<void()> onStop) override
    {
        if (g_signalPipe[0] < 0 &&
            ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
            qFatal("cannot create the signal socket pair");
        m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [onStop] {
            char buf[16];
            while (::read(g_signalPipe[0], buf, sizeof buf) > 0) {
            }
            onStop();
        });
        struct sigaction sa = {};
        sa.sa_handler = onStopSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGTERM, &sa, nullptr);
        ::sigaction(SIGINT, &sa, nullptr);
        // A VMX that goes away must never kill the daemon through a write.
        ::signal(SIGPIPE, SIG_IGN);
    }

    void notifyReady(const QString &status) override
    {
        sd_notifyf(0, "READY=1\nSTATUS=%s", status.toUtf8().constData());
    }

    void notifyStopping() override { sd_notify(0, "STOPPING=1"); }

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace

std::unique_ptr<ServiceHost> createServiceHost()
{
    return std::make_unique<LinuxServiceHost>();
}

} // namespace gk::platform
