#pragma once

#include "platform/PlatformError.h"
#include "platform/ProcessInfo.h"
#include "platform/ProcessSpec.h"
#include "platform/StartedProcess.h"
#include "platform/UserAccount.h"

#include <QList>
#include <QObject>
#include <QProcessEnvironment>

#include <chrono>
#include <memory>
#include <optional>

namespace gk::platform {

// Starts programs as a guest user and keeps track of them. Lives on the
// event-loop thread: it learns of exits from the event loop (no polling) and
// every call is cheap enough for that thread, except listProcesses() and
// loginEnvironment(), which read the OS's tables and belong on a worker.
class ProcessManager : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        // How long a finished process's exit code stays readable.
        std::chrono::milliseconds retention = std::chrono::minutes(5);
        // A process asked to terminate gets this long to exit before it is
        // killed (vmtoolsd's ProcMgr_KillByPid waits 5 s between the two).
        std::chrono::milliseconds killGrace = std::chrono::seconds(5);
        // Running processes started through this manager at most; start()
        // fails with TooMany beyond it (0: no limit).
        int maxRunning = 512;
    };

    using QObject::QObject;
    ~ProcessManager() override = default;

    // Starts spec as user, in its own session, detached from the daemon's
    // terminal; returns as soon as the program runs (its pid) or could not be
    // executed (NotFound, PermissionDenied, ... with the OS code; TooMany
    // when Options::maxRunning processes are running).
    virtual Result<StartedProcess> start(const UserAccount &user, const ProcessSpec &spec) = 0;

    // Every process of the system, plus the finished tracked ones.
    virtual Result<QList<ProcessInfo>> listProcesses() = 0;
    // Started processes still known: running, or finished within retention.
    virtual QList<ProcessInfo> trackedProcesses() const = 0;
    virtual std::optional<ProcessInfo> trackedProcess(qint64 pid) const = 0;

    // Ends pid on behalf of user: allowed when user owns it or is the
    // administrator; NoSuchProcess when there is no such process,
    // PermissionDenied otherwise. Asks politely first, kills after killGrace.
    virtual PlatformError terminate(const UserAccount &user, qint64 pid) = 0;

    // The environment a login of user starts with (see
    // docs/processes-and-system.md for what it holds).
    virtual Result<QProcessEnvironment> loginEnvironment(const UserAccount &user) = 0;

    virtual void setRetention(std::chrono::milliseconds retention) = 0;

signals:
    // A tracked process ended and its exit code is recorded.
    void processFinished(qint64 pid, int exitCode);
};

// Implemented by the backend the build selects (linux/ or win/).
std::unique_ptr<ProcessManager> createProcessManager(const ProcessManager::Options &options = {});

} // namespace gk::platform
