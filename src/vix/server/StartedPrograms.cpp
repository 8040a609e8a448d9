#include "StartedPrograms.h"

#include <QMutexLocker>

namespace gk::vix::server {

StartedPrograms::StartedPrograms(std::chrono::milliseconds retention) : m_retention(retention) {}

QDateTime StartedPrograms::reapLocked()
{
    const QDateTime limit = QDateTime::currentDateTimeUtc().addMSecs(-m_retention.count());
    while (!m_ended.empty() && m_ended.front().endTime < limit) {
        const quint64 order = m_ended.front().order;
        m_ended.pop_front();
        const auto it = m_programs.find(order);
        if (it == m_programs.end())
            continue; // its pid was started again and replaced it
        const auto byPid = m_orderOfPid.find(it->second.pid);
        if (byPid != m_orderOfPid.end() && *byPid == order)
            m_orderOfPid.erase(byPid);
        m_programs.erase(it);
    }
    return limit;
}

void StartedPrograms::started(const Program &program)
{
    QMutexLocker lock(&m_mutex);
    reapLocked();
    // A pid is reused only after its previous owner was reaped; drop the old one.
    if (const auto old = m_orderOfPid.constFind(program.pid); old != m_orderOfPid.constEnd())
        m_programs.erase(*old);
    const quint64 order = m_nextOrder++;
    m_programs.emplace(order, program);
    m_orderOfPid.insert(program.pid, order);
}

void StartedPrograms::finished(qint64 pid, int exitCode, const QDateTime &endTime)
{
    QMutexLocker lock(&m_mutex);
    const auto order = m_orderOfPid.constFind(pid);
    if (order == m_orderOfPid.constEnd())
        return;
    Program &p = m_programs.at(*order);
    if (!p.running)
        return;
    p.running = false;
    p.exitCode = exitCode;
    p.endTime = endTime;
    m_ended.push_back({endTime, *order});
}

QList<StartedPrograms::Program> StartedPrograms::list()
{
    QMutexLocker lock(&m_mutex);
    const QDateTime limit = reapLocked();
    QList<Program> out;
    out.reserve(int(m_programs.size()));
    for (const auto &[order, p] : m_programs) {
        if (keptLocked(p, limit))
            out.append(p);
    }
    return out;
}

std::optional<StartedPrograms::Program> StartedPrograms::find(qint64 pid)
{
    QMutexLocker lock(&m_mutex);
    const QDateTime limit = reapLocked();
    const auto order = m_orderOfPid.constFind(pid);
    if (order == m_orderOfPid.constEnd())
        return std::nullopt;
    const Program &p = m_programs.at(*order);
    if (!keptLocked(p, limit))
        return std::nullopt;
    return p;
}

void StartedPrograms::setRetention(std::chrono::milliseconds retention)
{
    QMutexLocker lock(&m_mutex);
    m_retention = retention;
}

} // namespace gk::vix::server
