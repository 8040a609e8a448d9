#pragma once

#include <QDateTime>
#include <QString>

namespace gk::platform {

// One process as a process listing shows it. Processes the ProcessManager
// started ("tracked") also carry their exit code and end time once they have
// finished; they stay listed for the manager's retention time after that, so
// a client can still read the exit code (vmtoolsd keeps them 5 minutes:
// VIX_TOOLS_EXITED_PROGRAM_REAP_TIME in services/plugins/vix/vixTools.c).
struct ProcessInfo
{
    qint64 pid = 0;
    QString name;        // short name (Linux: the kernel's comm)
    QString owner;       // user name, or the numeric id when it has no name
    QString commandLine; // arguments joined with spaces
    QDateTime startTime; // UTC
    bool tracked = false;
    bool running = true;
    // For finished tracked processes: the exit status the program passed to
    // exit(), or 128 + signal number when a signal ended it (shell
    // convention); endTime is when the manager reaped it (UTC).
    int exitCode = 0;
    int terminationSignal = 0; // 0 when it exited normally (always 0 on Windows)
    QDateTime endTime;
};

} // namespace gk::platform
