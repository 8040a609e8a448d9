#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <chrono>
#include <optional>

namespace gk::vix::server {

// The programs this daemon started through VIX, as ListProcessesEx reports
// them: the command name and line as the client gave them (not the shell
// that runs them), and, once they ended, the exit code and end time for a
// while (vmtoolsd's startedProcessList and VIX_TOOLS_EXITED_PROGRAM_REAP_TIME
// of 5 minutes, services/plugins/vix/vixTools.c). Thread-safe: the event loop
// records starts and exits, workers read.
class StartedPrograms
{
public:
    struct Program
    {
        qint64 pid = 0;
        QString cmdName;     // the program's file name
        QString commandLine; // "\"<path>\" <arguments>"
        QString user;
        QDateTime startTime; // UTC
        bool running = true;
        int exitCode = 0;
        QDateTime endTime;
    };

    explicit StartedPrograms(std::chrono::milliseconds retention = std::chrono::minutes(5));

    void started(const Program &program);
    void finished(qint64 pid, int exitCode, const QDateTime &endTime);
    // Running ones and those that ended within the retention, oldest first.
    QList<Program> list();
    std::optional<Program> find(qint64 pid);
    void setRetention(std::chrono::milliseconds retention);

private:
    void reapLocked(const QDateTime &now);

    QMutex m_mutex;
    std::chrono::milliseconds m_retention;
    QList<Program> m_programs;
};

} // namespace gk::vix::server
