#include "StartedPrograms.h"

#include <QMutexLocker>

namespace gk::vix::server {

StartedPrograms::StartedPrograms(std::chrono::milliseconds retention) : m_retention(retention) {}

void StartedPrograms::reapLocked(const QDateTime &now)
{
    const QDateTime limit = now.addMSecs(-m_retention.count());
    m_programs.erase(
        std::remove_if(m_programs.begin(), m_programs.end(),
                       [&](const Program &p) { return !p.running && p.endTime < limit; }),
        m_programs.end());
}

void StartedPrograms::started(const Program &program)
{
    QMutexLocker lock(&m_mutex);
    reapLocked(QDateTime::currentDateTimeUtc());
    // A pid is reused only after its previous owner was reaped; drop the old one.
    m_programs.erase(std::remove_if(m_programs.begin(), m_programs.end(),
                                    [&](const Program &p) { return p.pid == program.pid; }),
                     m_programs.end());
    m_programs.append(program);
}

void StartedPrograms::finished(qint64 pid, int exitCode, const QDateTime &endTime)
{
    QMutexLocker lock(&m_mutex);
    for (Program &p : m_programs) {
        if (p.pid == pid && p.running) {
            p.running = false;
            p.exitCode = exitCode;
            p.endTime = endTime;
        }
    }
}

QList<StartedPrograms::Program> StartedPrograms::list()
{
    QMutexLocker lock(&m_mutex);
    reapLocked(QDateTime::currentDateTimeUtc());
    return m_programs;
}

std::optional<StartedPrograms::Program> StartedPrograms::find(qint64 pid)
{
    QMutexLocker lock(&m_mutex);
    reapLocked(QDateTime::currentDateTimeUtc());
    for (const Program &p : m_programs) {
        if (p.pid == pid)
            return p;
    }
    return std::nullopt;
}

void StartedPrograms::setRetention(std::chrono::milliseconds retention)
{
    QMutexLocker lock(&m_mutex);
    m_retention = retention;
}

} // namespace gk::vix::server
