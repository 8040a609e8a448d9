#pragma once

#include "LoginEnvironment.h"
#include "PidfdWatcher.h"
#include "ProcessSpawner.h"
#include "platform/ProcessManager.h"
#include "platform/TrackedProcesses.h"

#include <map>
#include <set>

namespace gk::platform {

// Linux ProcessManager: children start through spawnChild() (clone with a
// pidfd; a detached start takes the spare child cloned after the previous
// one); the running children's pidfds are watched through one epoll
// descriptor (PidfdWatcher), which reports each one when it exits, and the child is reaped with
// waitid(P_PIDFD) — only our own children, never QProcess's. Finished entries expire on one
// single-shot timer armed for the earliest expiry (idle when none).
class LinuxProcessManager final : public ProcessManager
{
    Q_OBJECT
public:
    explicit LinuxProcessManager(const Options &options);
    ~LinuxProcessManager() override;

    Result<StartedProcess> start(const UserAccount &user, const ProcessSpec &spec) override;
    Result<QList<ProcessInfo>> listProcesses() override;
    QList<ProcessInfo> trackedProcesses() const override;
    std::optional<ProcessInfo> trackedProcess(qint64 pid) const override;
    PlatformError terminate(const UserAccount &user, qint64 pid) override;
    Result<QProcessEnvironment> loginEnvironment(const UserAccount &user) override;
    void setRetention(std::chrono::milliseconds retention) override;

private:
    void onExited(qint64 pid);
    // Frees what started children no longer need (spawnChild with
    // waitForExec false) and logs those that failed before their program ran.
    void logDetachedFailures();
    void killLater(int pidfd);

    Options m_options;
    LoginEnvironment m_loginEnvironment;
    int m_devNull = -1;
    TrackedProcesses m_tracked;
    std::map<qint64, int> m_pidfds; // running children
    std::set<int> m_pendingKills;   // pidfds waiting for their SIGKILL
    linuxos::PidfdWatcher m_exits;
    // Taken by the next detached start (ProgramLauncher's), cloned after the
    // first one; waits, asleep, until then.
    SpareChild m_spare;
    bool m_spareQueued = false;
};

} // namespace gk::platform
