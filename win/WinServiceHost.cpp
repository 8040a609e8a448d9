// guestkitd under the Service Control Manager, or in the foreground from a
// console. createServiceHost() offers the process to the SCM on a thread of
// its own (StartServiceCtrlDispatcherW blocks for the service's lifetime);
// a process the SCM did not start gets ERROR_FAILED_SERVICE_CONTROLLER_CONNECT
// at once and runs as a console program, stopped by Ctrl+C / Ctrl+Break /
// closing the console. Stop, shutdown and pre-shutdown controls ask the
// daemon to stop on its event loop, PARAMCHANGE to reload its config; the status goes START_PENDING
// (with a wait hint) -> RUNNING -> STOP_PENDING -> STOPPED with an exit code.
#include "platform/ServiceHost.h"

#include "WinServiceNames.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>

#include <windows.h>

#include <mutex>
#include <thread>

Q_LOGGING_CATEGORY(lcWinService, "guestkit.service")

namespace gk::platform {
namespace {

// Start and stop may each take this long before the SCM gives up on us
// (the daemon announces readiness within a 5 s grace period).
constexpr DWORD kStartWaitHintMs = 30000;
constexpr DWORD kStopWaitHintMs = 15000;

struct ServiceState
{
    std::mutex mutex;
    std::function<void()> onStop;
    std::function<void()> onReload;
    QObject *context = nullptr;
    SERVICE_STATUS_HANDLE status = nullptr;
    SERVICE_STATUS current = {};
    bool stopRequested = false;
    HANDLE started = nullptr; // set when ServiceMain ran or the dispatcher failed
    bool underScm = false;
};

ServiceState g_state;

// Runs the handler `member` names on the event loop, from any thread.
void postToEventLoop(std::function<void()> ServiceState::*member)
{
    if (!g_state.context)
        return;
    QMetaObject::invokeMethod(
        g_state.context,
        [member] {
            std::function<void()> handler;
            {
                std::lock_guard lock(g_state.mutex);
                handler = g_state.*member;
            }
            if (handler)
                handler();
        },
        Qt::QueuedConnection);
}

void requestStop()
{
    std::lock_guard lock(g_state.mutex);
    g_state.stopRequested = true;
    postToEventLoop(&ServiceState::onStop);
}

void requestReload()
{
    std::lock_guard lock(g_state.mutex);
    postToEventLoop(&ServiceState::onReload);
}

void report(DWORD state, DWORD waitHint, DWORD exitCode = NO_ERROR, DWORD specific = 0)
{
    std::lock_guard lock(g_state.mutex);
    if (!g_state.status)
        return;
    SERVICE_STATUS &s = g_state.current;
    s.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    s.dwCurrentState = state;
    s.dwControlsAccepted =
        state == SERVICE_RUNNING
            ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_PRESHUTDOWN | SERVICE_ACCEPT_PARAMCHANGE
            : 0;
    s.dwWin32ExitCode = exitCode;
    s.dwServiceSpecificExitCode = specific;
    s.dwWaitHint = waitHint;
    s.dwCheckPoint = state == SERVICE_RUNNING || state == SERVICE_STOPPED ? 0 : s.dwCheckPoint + 1;
    SetServiceStatus(g_state.status, &s);
}

DWORD WINAPI onControl(DWORD control, DWORD, void *, void *)
{
    switch (control) {
    case SERVICE_CONTROL_STOP:
    case SERVICE_CONTROL_SHUTDOWN:
    case SERVICE_CONTROL_PRESHUTDOWN:
        report(SERVICE_STOP_PENDING, kStopWaitHintMs);
        requestStop();
        return NO_ERROR;
    case SERVICE_CONTROL_PARAMCHANGE: // `sc control guestkitd paramchange`: reload
        requestReload();
        return NO_ERROR;
    case SERVICE_CONTROL_INTERROGATE:
        return NO_ERROR;
    default:
        return ERROR_CALL_NOT_IMPLEMENTED;
    }
}

void WINAPI serviceMain(DWORD, wchar_t **)
{
    SERVICE_STATUS_HANDLE handle =
        RegisterServiceCtrlHandlerExW(winos::kServiceName, onControl, nullptr);
    {
        std::lock_guard lock(g_state.mutex);
        g_state.status = handle;
        g_state.underScm = handle != nullptr;
    }
    report(SERVICE_START_PENDING, kStartWaitHintMs);
    SetEvent(g_state.started);
    // Returning is fine: the dispatcher keeps serving controls until the
    // status says SERVICE_STOPPED.
}

BOOL WINAPI onConsoleControl(DWORD type)
{
    switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_SHUTDOWN_EVENT:
        requestStop();
        return TRUE;
    default:
        return FALSE;
    }
}

class WinServiceHost final : public ServiceHost
{
public:
    WinServiceHost()
    {
        g_state.started = CreateEventW(nullptr, TRUE, FALSE, nullptr);
        m_dispatcher = std::thread([] {
            static wchar_t name[64];
            wcsncpy(name, winos::kServiceName, 63);
            SERVICE_TABLE_ENTRYW table[] = {{name, serviceMain}, {nullptr, nullptr}};
            if (!StartServiceCtrlDispatcherW(table))
                SetEvent(g_state.started); // not started by the SCM: a console run
        });
        WaitForSingleObject(g_state.started, INFINITE);
        if (!g_state.underScm) {
            m_dispatcher.join();
            SetConsoleCtrlHandler(onConsoleControl, TRUE);
        } else {
            qCInfo(lcWinService, "running under the Service Control Manager");
        }
    }

    ~WinServiceHost() override
    {
        if (g_state.underScm) {
            // A stop nobody asked for (the channel failed for good) is a
            // failure the SCM's recovery actions should see.
            const bool asked = g_state.stopRequested;
            report(SERVICE_STOPPED, 0, asked ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR,
                   asked ? 0 : 1);
            m_dispatcher.join();
        } else {
            SetConsoleCtrlHandler(onConsoleControl, FALSE);
        }
        std::lock_guard lock(g_state.mutex);
        g_state.context = nullptr;
        g_state.onStop = nullptr;
        g_state.onReload = nullptr;
        CloseHandle(g_state.started);
    }

    void installStopHandler(std::function<void()> onStop) override
    {
        std::lock_guard lock(g_state.mutex);
        g_state.onStop = std::move(onStop);
        g_state.context = QCoreApplication::instance();
        if (g_state.stopRequested && g_state.context) {
            // A stop that came before the handler: honour it now.
            QMetaObject::invokeMethod(
                g_state.context, [] { g_state.onStop(); }, Qt::QueuedConnection);
        }
    }

    void installReloadHandler(std::function<void()> onReload) override
    {
        std::lock_guard lock(g_state.mutex);
        g_state.onReload = std::move(onReload);
        g_state.context = QCoreApplication::instance();
    }

    void notifyReady(const QString &status) override
    {
        qCInfo(lcWinService, "service running: %s", qUtf8Printable(status));
        report(SERVICE_RUNNING, 0);
    }

    void notifyStopping() override { report(SERVICE_STOP_PENDING, kStopWaitHintMs); }

private:
    std::thread m_dispatcher;
};

} // namespace

std::unique_ptr<ServiceHost> createServiceHost()
{
    return std::make_unique<WinServiceHost>();
}

} // namespace gk::platform
