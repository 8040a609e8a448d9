#pragma once

#include "platform/ProcessManager.h"

#include <QTimer>

#include <map>
#include <memory>

class QWinEventNotifier;

namespace gk::platform::winos {

// Windows ProcessManager: programs start with CreateProcessAsUserW and the
// user's logon token (CreateProcessW as the service for auth = none); each
// running child's process handle is watched by a QWinEventNotifier, which
// fires on the event loop when it exits, and the exit code is read with
// GetExitCodeProcess. Finished entries expire on one timer, as on Linux.
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
    struct Entry
    {
        ProcessInfo info;
        void *process = nullptr;
        std::unique_ptr<QWinEventNotifier> notifier;
        qint64 expiresAtMs = 0;
    };

    void onExited(qint64 pid);
    void expire();
    void armExpiry();

    Options m_options;
    int m_running = 0;
    std::map<qint64, std::unique_ptr<Entry>> m_entries;
    QTimer m_expiryTimer;
};

} // namespace gk::platform::winos
