#include "BuiltinPrograms.h"

#include "HttpRoundTrip.h"

#include "platform/GuestSession.h"

#include <QDateTime>

namespace gk::vix::server {

BuiltinIo::BuiltinIo(QString arguments, std::shared_ptr<hgfs::server::ProcessStreams> streams,
                     std::shared_ptr<platform::GuestSession> session)
    : m_arguments(std::move(arguments)), m_streams(std::move(streams)),
      m_session(std::move(session))
{}

QByteArray BuiltinIo::read(qint64 max, int timeoutMs, bool *timedOut)
{
    if (timedOut)
        *timedOut = false;
    if (m_cancelled)
        return {};
    hgfs::server::BoundedPipe::Chunk chunk = m_streams->stdIn()->read(max, false, timeoutMs);
    if (chunk.data.isEmpty() && !chunk.end && !chunk.error.isEmpty() && timedOut &&
        timeoutMs >= 0 && !m_streams->stdIn()->cancelled())
        *timedOut = true;
    return chunk.data;
}

bool BuiltinIo::write(const QByteArray &data)
{
    return !m_cancelled && m_streams->stdOut()->write(data);
}

bool BuiltinIo::writeError(const QByteArray &data)
{
    return !m_cancelled && m_streams->stdErr()->write(data);
}

void BuiltinPrograms::add(const QString &name, BuiltinFunction function)
{
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || !function ||
        m_functions.contains(name))
        qFatal("built-in program '%s' invalid or registered twice", qPrintable(name));
    m_functions.insert(name, std::move(function));
}

const BuiltinFunction *BuiltinPrograms::find(const QString &name) const
{
    const auto it = m_functions.constFind(name);
    return it == m_functions.constEnd() ? nullptr : &it.value();
}

BuiltinPrograms defaultBuiltinPrograms()
{
    BuiltinPrograms programs;
    programs.add(QStringLiteral("http.RoundTrip"), httpRoundTrip);
    return programs;
}

BuiltinRunner::BuiltinRunner(BuiltinPrograms programs, StartedPrograms &started,
                             std::shared_ptr<hgfs::server::ProcessIoTable> io)
    : m_programs(std::move(programs)), m_started(started), m_io(std::move(io))
{}

BuiltinRunner::~BuiltinRunner()
{
    QHash<qint64, std::shared_ptr<Run>> runs;
    {
        QMutexLocker lock(&m_mutex);
        runs.swap(m_runs);
    }
    for (const auto &run : std::as_const(runs)) {
        run->io->cancel();
        if (auto streams = m_io->find(run->pid))
            streams->shutdown();
        m_io->remove(run->pid);
    }
    for (const auto &run : std::as_const(runs))
        if (run->thread.joinable())
            run->thread.join();
}

bool BuiltinRunner::has(const QString &name) const
{
    return m_enabled && m_programs.find(name);
}

int BuiltinRunner::running() const
{
    QMutexLocker lock(&m_mutex);
    int n = 0;
    for (const auto &run : m_runs)
        n += run->done ? 0 : 1;
    return n;
}

void BuiltinRunner::reapLocked()
{
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_runs.begin(); it != m_runs.end();) {
        const std::shared_ptr<Run> &run = it.value();
        if (run->done && now - run->endedAt >= m_retention) {
            if (run->thread.joinable())
                run->thread.join();
            m_io->remove(run->pid);
            it = m_runs.erase(it);
        } else {
            ++it;
        }
    }
}

platform::Result<qint64>
BuiltinRunner::start(const std::shared_ptr<platform::GuestSession> &session, const QString &name,
                     const QString &arguments)
{
    using R = platform::Result<qint64>;
    const BuiltinFunction *function = m_enabled ? m_programs.find(name) : nullptr;
    if (!function)
        return R::failure(
            platform::PlatformError::make(platform::PlatformError::Kind::NotFound, 0,
                                          QStringLiteral("no built-in program '%1'").arg(name)));
    auto run = std::make_shared<Run>();
    {
        QMutexLocker lock(&m_mutex);
        reapLocked();
        int running = 0;
        for (const auto &r : std::as_const(m_runs))
            running += r->done ? 0 : 1;
        if (running >= kMaxRunning)
            return R::failure(platform::PlatformError::make(
                platform::PlatformError::Kind::TooMany, 0,
                QStringLiteral("%1 built-in programs are running already").arg(running)));
        run->pid = m_nextPid++;
    }
    run->owner = hgfs::server::ownerKeyOf(*session);
    auto streams = std::make_shared<hgfs::server::ProcessStreams>(run->pid, run->owner);
    run->io = std::make_shared<BuiltinIo>(arguments, streams, session);
    m_io->add(streams);

    StartedPrograms::Program record;
    record.pid = run->pid;
    record.cmdName = name;
    record.commandLine = arguments.isEmpty() ? name : name + QLatin1Char(' ') + arguments;
    record.user = session->user().name;
    record.startTime = QDateTime::currentDateTimeUtc();
    m_started.started(record);

    QMutexLocker lock(&m_mutex);
    m_runs.insert(run->pid, run);
    run->thread = std::thread([this, run, fn = *function, streams] {
        int code = 1;
        try {
            code = fn(*run->io);
        } catch (...) {
            streams->stdErr()->write(QByteArrayLiteral("the built-in program failed\n"));
        }
        if (run->io->cancelled())
            code = kTerminatedExitCode;
        streams->stdOut()->finish();
        streams->stdErr()->finish();
        m_started.finished(run->pid, code, QDateTime::currentDateTimeUtc());
        QMutexLocker l(&m_mutex);
        run->done = true;
        run->endedAt = std::chrono::steady_clock::now();
    });
    return R::success(run->pid);
}

platform::PlatformError BuiltinRunner::terminate(const platform::UserAccount &user, qint64 pid)
{
    using platform::PlatformError;
    std::shared_ptr<Run> run;
    {
        QMutexLocker lock(&m_mutex);
        run = m_runs.value(pid);
    }
    if (!run || run->done)
        return PlatformError::make(PlatformError::Kind::NoSuchProcess, 0,
                                   QStringLiteral("no running built-in program %1").arg(pid));
    const QString who =
        user.sid.isEmpty() ? QStringLiteral("%1:%2").arg(user.name).arg(user.uid) : user.sid;
    if (who != run->owner && user.uid != 0)
        return PlatformError::make(
            PlatformError::Kind::PermissionDenied, 0,
            QStringLiteral("built-in program %1 belongs to another user").arg(pid));
    run->io->cancel();
    // Wake a program waiting on its input; its output goes unread.
    if (auto streams = m_io->find(pid)) {
        streams->stdIn()->cancel(QStringLiteral("terminated"));
    }
    return {};
}

} // namespace gk::vix::server
