// Windows service integration for a console (foreground) run: Ctrl+C, Ctrl+Break
// and console close ask the daemon to stop. Running under the Service Control
// Manager is added by the Windows service work.
#include "platform/ServiceHost.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <windows.h>

namespace gk::platform {
namespace {

std::function<void()> g_onStop;
QObject *g_context = nullptr;

BOOL WINAPI onConsoleControl(DWORD type)
{
    switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        // This runs on a thread of its own: hand the stop to the event loop.
        if (g_context)
            QMetaObject::invokeMethod(
                g_context,
                [] {
                    if (g_onStop)
                        g_onStop();
                },
                Qt::QueuedConnection);
        return TRUE;
    default:
        return FALSE;
    }
}

class WinServiceHost final : public ServiceHost
{
public:
    ~WinServiceHost() override
    {
        SetConsoleCtrlHandler(onConsoleControl, FALSE);
        g_context = nullptr;
        g_onStop = nullptr;
    }

    void installStopHandler(std::function<void()> onStop) override
    {
        g_onStop = std::move(onStop);
        g_context = QCoreApplication::instance();
        SetConsoleCtrlHandler(onConsoleControl, TRUE);
    }

    // A console run has no reload request; the service wrapper maps PARAMCHANGE.
    void installReloadHandler(std::function<void()>) override {}

    void notifyReady(const QString &) override {}
    void notifyStopping() override {}
};

} // namespace

std::unique_ptr<ServiceHost> createServiceHost()
{
    return std::make_unique<WinServiceHost>();
}

} // namespace gk::platform
