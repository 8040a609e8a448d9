#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <chrono>
#include <deque>
#include <map>
#include <optional>

namespace gk::vix::server {

// The programs this daemon started through VIX, as ListProcessesEx reports
// them: the command name and line as the client gave them (not the shell
// that runs them), and, once they ended, the exit code and end time for a
// while (vmtoolsd's startedProcessList and VIX_TOOLS_EXITED_PROGRAM_REAP_TIME
// of 5 minutes, services/plugins/vix/vixTools.c). Thread-safe: the event loop
// records starts and exits, workers read. A start, an exit and a lookup cost
// the same with thousands of programs kept.
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
    // Drops the programs that ended before the retention; returns that limit.
    QDateTime reapLocked();
    bool keptLocked(const Program &p, const QDateTime &limit) const
    {
        return p.running || p.endTime >= limit;
    }

    QMutex m_mutex;
    std::chrono::milliseconds m_retention;
    quint64 m_nextOrder = 0;
    std::map<quint64, Program> m_programs; // by start order
    QHash<qint64, quint64> m_orderOfPid;   // the latest program of each pid
    // Ended programs in the order they ended (their end times ascend unless
    // the clock is set back, when one may wait behind a later one; lookups
    // check the time themselves).
    struct Ended
    {
        QDateTime endTime;
        quint64 order = 0;
    };
    std::deque<Ended> m_ended;
};

} // namespace gk::vix::server
