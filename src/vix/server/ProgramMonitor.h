#pragma once

#include <QHash>
#include <QObject>

#include <functional>

namespace gk::platform {
class ProcessManager;
}

namespace gk::vix::server {

class StartedPrograms;

// Learns of the exits of the programs VIX started (from the ProcessManager,
// on the event loop), records them for ListProcessesEx and runs what a
// RunProgram / RunScriptInGuest request asked to happen on completion.
class ProgramMonitor : public QObject
{
    Q_OBJECT
public:
    using Completion = std::function<void(int exitCode)>;

    ProgramMonitor(platform::ProcessManager &processes, StartedPrograms &started,
                   QObject *parent = nullptr);

    // Runs once when pid ends (on the event loop). Call on the event loop
    // right after the start, before the exit can be reported.
    void onCompletion(qint64 pid, Completion completion);

private:
    void onFinished(qint64 pid, int exitCode);

    StartedPrograms &m_started;
    QHash<qint64, Completion> m_completions;
};

} // namespace gk::vix::server
