#pragma once

#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace gk::platform {

// How the daemon lives under the OS's service manager: stop requests
// (SIGTERM/SIGINT on Linux, the SCM's stop and shutdown controls on Windows)
// and readiness notifications (sd_notify; SCM status).
class ServiceHost
{
public:
    virtual ~ServiceHost() = default;

    // onStop runs on the event-loop thread when the OS asks the service to
    // stop. Call once, after the QCoreApplication exists.
    virtual void installStopHandler(std::function<void()> onStop) = 0;
    // onReload runs on the event-loop thread when the OS asks the service to
    // re-read its configuration (SIGHUP on Linux, the SCM's PARAMCHANGE
    // control on Windows).
    virtual void installReloadHandler(std::function<void()> onReload) = 0;
    // The service is up (systemd READY=1; SCM SERVICE_RUNNING).
    virtual void notifyReady(const QString &status) = 0;
    // The service is shutting down (systemd STOPPING=1; SCM STOP_PENDING).
    virtual void notifyStopping() = 0;
    // How often the service manager wants to hear that the service is alive
    // (systemd's WatchdogSec=), or zero when it does not watch.
    virtual std::chrono::milliseconds watchdogInterval() const { return {}; }
    // The service is alive (systemd WATCHDOG=1).
    virtual void notifyWatchdog() {}
};

// Implemented by the backend the build selects (linux/ or win/).
std::unique_ptr<ServiceHost> createServiceHost();

// The command-line options that register the daemon with the service
// manager and exit (Windows: --install, --uninstall, for people who do not
// use the MSI): their exit code, or nullopt when the arguments hold none
// and the daemon should run. Linux has none (systemd units come with the
// package).
std::optional<int> runServiceCommand(const QStringList &arguments);

} // namespace gk::platform
