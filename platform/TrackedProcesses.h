#pragma once

#include "ProcessInfo.h"
#include "ProcessSpec.h"

#include <QList>
#include <QTimer>

#include <chrono>
#include <deque>
#include <map>
#include <optional>

namespace gk::platform {

// What every ProcessManager backend keeps about the processes it started:
// the running ones, and the finished ones with their exit codes for the
// retention time (vmtoolsd's VIX_TOOLS_EXITED_PROGRAM_REAP_TIME,
// services/plugins/vix/vixTools.c). One single-shot timer is armed for the
// earliest expiry and stopped when nothing finished is kept: no periodic
// timer. Starting, finishing and expiring cost the same with thousands kept. The OS handles (pidfd,
// process HANDLE) stay with the backend. Lives on the event-loop thread, like the backends.
class TrackedProcesses
{
public:
    explicit TrackedProcesses(std::chrono::milliseconds retention);

    void add(const ProcessInfo &info); // a started process, running
    // The same for a process just started from spec as owner: its name, the
    // command line it was given and the start time are recorded now.
    void add(qint64 pid, const QString &owner, const ProcessSpec &spec);
    // The process ended: its exit code (128 + signal when a signal ended it,
    // terminationSignal then set) and end time are kept until it expires.
    // Returns the exit code recorded.
    int finish(qint64 pid, int exitCode, int terminationSignal = 0);
    void setRetention(std::chrono::milliseconds retention);

    int runningCount() const { return m_running; }
    // Entries held, running and finished; an expired one until the timer
    // removes it.
    int keptCount() const { return int(m_entries.size()); }
    QList<ProcessInfo> list() const; // running and not yet expired
    std::optional<ProcessInfo> find(qint64 pid) const;
    // Marks the running processes of an OS listing as tracked, fills in what
    // the OS could not tell yet (a just-started process may not show its
    // command line for a moment) and appends the finished ones.
    void mergeInto(QList<ProcessInfo> *table) const;

private:
    struct Entry
    {
        ProcessInfo info;
        qint64 expiresAtMs = 0; // monotonic, once finished
    };
    struct Expiry
    {
        qint64 atMs = 0;
        qint64 pid = 0;
    };
    void expire();
    void arm();

    std::map<qint64, Entry> m_entries;
    // The finished entries in the order they expire: with one retention for
    // all, that is the order they finished in, so a finish appends, the timer
    // watches the front and expiry pops it, whatever the number kept. A pid
    // started again meanwhile leaves a stale item behind, skipped when
    // popped.
    std::deque<Expiry> m_expiries;
    std::chrono::milliseconds m_retention;
    int m_running = 0;
    QTimer m_timer;
};

} // namespace gk::platform
