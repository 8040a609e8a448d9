#pragma once

#include "platform/ProcessManager.h"
#include "platform/TrackedProcesses.h"

#include <map>
#include <memory>

class QWinEventNotifier;

namespace gk::platform::winos {

// Windows ProcessManager: programs start with CreateProcessAsUserW and the
// user's logon token (CreateProcessW as the service for auth = none); each
// running child's process handle is watched by a QWinEventNotifier, which
// fires on the event loop when it exits, and the exit code is read with
// GetExitCodeProcess. What was started, and the exit codes for the retention
// time, are kept by TrackedProcesses, as on Linux.
class WinProcessManager final : public ProcessManager
{
    Q_OBJECT
public:
    explicit WinProcessManager(const Options &options);
    ~WinProcessManager() override;

    Result<StartedProcess> start(const UserAccount &user, const ProcessSpec &spec) override;
    Result<QList<ProcessInfo>> listProcesses() override;
    QList<ProcessInfo> trackedProcesses() const override;
    std::optional<ProcessInfo> trackedProcess(qint64 pid) const override;
    PlatformError terminate(const UserAccount &user, qint64 pid) override;
    Result<QProcessEnvironment> loginEnvironment(const UserAccount &user) override;
    void setRetention(std::chrono::milliseconds retention) override;

private:
    // A running child's process handle and the notifier watching it.
    struct Running
    {
        void *process = nullptr;
        std::unique_ptr<QWinEventNotifier> notifier;
    };

    void onExited(qint64 pid);

    Options m_options;
    TrackedProcesses m_tracked;
    std::map<qint64, Running> m_running;
};

} // namespace gk::platform::winos
