#include "TrackedProcesses.h"

#include <QDeadlineTimer>
#include <QFileInfo>

#include <climits>

namespace gk::platform {

namespace {

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

} // namespace

TrackedProcesses::TrackedProcesses(std::chrono::milliseconds retention) : m_retention(retention)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, [this] { expire(); });
}

void TrackedProcesses::add(const ProcessInfo &info)
{
    Entry &entry = m_entries[info.pid];
    entry.info = info;
    entry.info.running = true;
    entry.info.tracked = true;
    ++m_running;
}

void TrackedProcesses::add(qint64 pid, const QString &owner, const ProcessSpec &spec)
{
    ProcessInfo info;
    info.pid = pid;
    info.name = QFileInfo(spec.program).fileName();
    info.owner = owner;
    info.commandLine = (QStringList{spec.program} + spec.arguments).join(QLatin1Char(' '));
    info.startTime = QDateTime::currentDateTimeUtc();
    add(info);
}

int TrackedProcesses::finish(qint64 pid, int exitCode, int terminationSignal)
{
    const auto it = m_entries.find(pid);
    if (it == m_entries.end() || !it->second.info.running)
        return exitCode;
    Entry &entry = it->second;
    entry.info.terminationSignal = terminationSignal;
    entry.info.exitCode = terminationSignal ? 128 + terminationSignal : exitCode;
    entry.info.running = false;
    entry.info.endTime = QDateTime::currentDateTimeUtc();
    entry.expiresAtMs = monotonicMs() + m_retention.count();
    --m_running;
    m_expiries.push_back({entry.expiresAtMs, pid});
    // Any timer armed already is for an earlier expiry.
    if (!m_timer.isActive())
        arm();
    return entry.info.exitCode;
}

void TrackedProcesses::setRetention(std::chrono::milliseconds retention)
{
    const qint64 delta = retention.count() - m_retention.count();
    m_retention = retention;
    for (auto &[pid, entry] : m_entries) {
        if (!entry.info.running)
            entry.expiresAtMs += delta;
    }
    for (Expiry &e : m_expiries)
        e.atMs += delta;
    expire();
}

void TrackedProcesses::arm()
{
    if (m_expiries.empty()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound<qint64>(0, m_expiries.front().atMs - monotonicMs(), INT_MAX)));
}

void TrackedProcesses::expire()
{
    const qint64 now = monotonicMs();
    while (!m_expiries.empty() && m_expiries.front().atMs <= now) {
        const Expiry e = m_expiries.front();
        m_expiries.pop_front();
        const auto it = m_entries.find(e.pid);
        // Not when the pid was started again after this finish.
        if (it != m_entries.end() && !it->second.info.running && it->second.expiresAtMs == e.atMs)
            m_entries.erase(it);
    }
    arm();
}

QList<ProcessInfo> TrackedProcesses::list() const
{
    QList<ProcessInfo> out;
    const qint64 now = monotonicMs();
    for (const auto &[pid, entry] : m_entries) {
        if (entry.info.running || entry.expiresAtMs > now)
            out.append(entry.info);
    }
    return out;
}

std::optional<ProcessInfo> TrackedProcesses::find(qint64 pid) const
{
    const auto it = m_entries.find(pid);
    if (it == m_entries.end() ||
        (!it->second.info.running && it->second.expiresAtMs <= monotonicMs()))
        return std::nullopt;
    return it->second.info;
}

void TrackedProcesses::mergeInto(QList<ProcessInfo> *table) const
{
    for (ProcessInfo &info : *table) {
        const auto it = m_entries.find(info.pid);
        if (it == m_entries.end() || !it->second.info.running)
            continue;
        const ProcessInfo &ours = it->second.info;
        info.tracked = true;
        // Linux: CLONE_VFORK releases the parent as soon as execve has
        // replaced the memory map, a moment before the kernel sets up the new
        // arguments and name. Windows: another user's process may not let us
        // read its command line or owner.
        if (info.commandLine.isEmpty()) {
            info.commandLine = ours.commandLine;
            info.name = ours.name;
        }
        if (info.owner.isEmpty())
            info.owner = ours.owner;
    }
    const qint64 now = monotonicMs();
    for (const auto &[pid, entry] : m_entries) {
        if (!entry.info.running && entry.expiresAtMs > now)
            table->append(entry.info);
    }
}

} // namespace gk::platform
