#include "WinProcessManager.h"

#include "Impersonation.h"
#include "WinErrors.h"
#include "WinProcessLaunch.h"
#include "WinProcessTable.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>
#include <QWinEventNotifier>

#include <windows.h>

#include <fcntl.h>
#include <io.h>

namespace gk::platform::winos {

Q_LOGGING_CATEGORY(lcWinProcesses, "guestkit.processes")

namespace {

qint64 monotonicMs()
{
    return QDeadlineTimer::current().deadline();
}

std::unique_ptr<QIODevice> deviceFor(void *handle, QIODevice::OpenMode mode)
{
    const int fd = _open_osfhandle(
        intptr_t(handle), (mode & QIODevice::ReadOnly ? _O_RDONLY : _O_WRONLY) | _O_BINARY);
    if (fd < 0) {
        CloseHandle(static_cast<HANDLE>(handle));
        return nullptr;
    }
    auto file = std::make_unique<QFile>();
    if (!file->open(fd, mode | QIODevice::Unbuffered, QFileDevice::AutoCloseHandle)) {
        _close(fd);
        return nullptr;
    }
    return file;
}

} // namespace

WinProcessManager::WinProcessManager(const Options &options) : m_options(options)
{
    m_expiryTimer.setSingleShot(true);
    m_expiryTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_expiryTimer, &QTimer::timeout, this, &WinProcessManager::expire);
}

WinProcessManager::~WinProcessManager()
{
    for (auto &[pid, entry] : m_entries) {
        entry->notifier.reset();
        if (entry->process)
            CloseHandle(static_cast<HANDLE>(entry->process));
    }
}

Result<StartedProcess> WinProcessManager::start(const UserAccount &user, const ProcessSpec &spec)
{
    using R = Result<StartedProcess>;
    if (spec.program.isEmpty())
        return R::failure(PlatformError::make(PlatformError::Kind::InvalidArgument,
                                              ERROR_INVALID_PARAMETER,
                                              QStringLiteral("no program to start")));
    Q_ASSERT_X(thread() == QThread::currentThread(), "ProcessManager::start",
               "exit notifiers belong to the manager's thread");
    if (m_options.maxRunning > 0 && m_running >= m_options.maxRunning)
        return R::failure(
            PlatformError::make(PlatformError::Kind::TooMany, ERROR_NO_PROC_SLOTS,
                                QStringLiteral("cannot start %1: %2 processes are running already")
                                    .arg(spec.program)
                                    .arg(m_running)));
    if (!user.isValid())
        return R::failure(
            PlatformError::make(PlatformError::Kind::InvalidArgument, ERROR_INVALID_PARAMETER,
                                QStringLiteral("no user to start %1 as").arg(spec.program)));
    void *token = tokenOf(user);
    QProcessEnvironment env;
    if (spec.environment) {
        env = *spec.environment;
    } else {
        const Result<QProcessEnvironment> login = environmentOf(token);
        if (!login.ok())
            return R::failure(login.error);
        env = login.value;
    }
    const QString dir = spec.workingDirectory.isEmpty() ? user.home : spec.workingDirectory;
    const Result<LaunchedProcess> child = launch(token, spec, env, dir);
    if (!child.ok()) {
        qCInfo(lcWinProcesses, "%s as %s: %s", qUtf8Printable(spec.program),
               qUtf8Printable(user.name), qUtf8Printable(child.error.message));
        return R::failure(child.error);
    }
    const qint64 pid = child.value.pid;
    auto entry = std::make_unique<Entry>();
    entry->info.pid = pid;
    entry->info.name = QFileInfo(spec.program).fileName();
    entry->info.owner = user.name;
    entry->info.commandLine = (QStringList{spec.program} + spec.arguments).join(QLatin1Char(' '));
    entry->info.startTime = QDateTime::currentDateTimeUtc();
    entry->info.tracked = true;
    entry->process = child.value.process;
    entry->notifier = std::make_unique<QWinEventNotifier>(static_cast<HANDLE>(entry->process));
    connect(entry->notifier.get(), &QWinEventNotifier::activated, this,
            [this, pid] { onExited(pid); });
    m_entries[pid] = std::move(entry);
    ++m_running;

    StartedProcess started;
    started.pid = pid;
    if (spec.pipeStdin)
        started.stdIn = deviceFor(child.value.stdio[0], QIODevice::WriteOnly);
    if (spec.pipeStdout)
        started.stdOut = deviceFor(child.value.stdio[1], QIODevice::ReadOnly);
    if (spec.pipeStderr)
        started.stdErr = deviceFor(child.value.stdio[2], QIODevice::ReadOnly);
    return R::success(std::move(started));
}

void WinProcessManager::onExited(qint64 pid)
{
    const auto it = m_entries.find(pid);
    if (it == m_entries.end() || !it->second->process)
        return;
    Entry &entry = *it->second;
    DWORD code = 0;
    if (!GetExitCodeProcess(static_cast<HANDLE>(entry.process), &code) || code == STILL_ACTIVE)
        return;
    entry.info.exitCode = int(code);
    entry.info.running = false;
    --m_running;
    entry.info.endTime = QDateTime::currentDateTimeUtc();
    entry.expiresAtMs = monotonicMs() + m_options.retention.count();
    entry.notifier->setEnabled(false);
    entry.notifier.release()->deleteLater();
    CloseHandle(static_cast<HANDLE>(entry.process));
    entry.process = nullptr;
    armExpiry();
    emit processFinished(pid, entry.info.exitCode);
}

void WinProcessManager::armExpiry()
{
    qint64 earliest = -1;
    for (const auto &[pid, entry] : m_entries) {
        if (!entry->info.running && (earliest < 0 || entry->expiresAtMs < earliest))
            earliest = entry->expiresAtMs;
    }
    if (earliest < 0) {
        m_expiryTimer.stop();
        return;
    }
    m_expiryTimer.start(int(qBound<qint64>(0, earliest - monotonicMs(), INT_MAX)));
}

void WinProcessManager::expire()
{
    const qint64 now = monotonicMs();
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!it->second->info.running && it->second->expiresAtMs <= now)
            it = m_entries.erase(it);
        else
            ++it;
    }
    armExpiry();
}

void WinProcessManager::setRetention(std::chrono::milliseconds retention)
{
    const qint64 delta = retention.count() - m_options.retention.count();
    m_options.retention = retention;
    for (auto &[pid, entry] : m_entries) {
        if (!entry->info.running)
            entry->expiresAtMs += delta;
    }
    expire();
}

QList<ProcessInfo> WinProcessManager::trackedProcesses() const
{
    QList<ProcessInfo> out;
    const qint64 now = monotonicMs();
    for (const auto &[pid, entry] : m_entries) {
        if (entry->info.running || entry->expiresAtMs > now)
            out.append(entry->info);
    }
    return out;
}

std::optional<ProcessInfo> WinProcessManager::trackedProcess(qint64 pid) const
{
    const auto it = m_entries.find(pid);
    if (it == m_entries.end() ||
        (!it->second->info.running && it->second->expiresAtMs <= monotonicMs()))
        return std::nullopt;
    return it->second->info;
}

Result<QList<ProcessInfo>> WinProcessManager::listProcesses()
{
    Result<QList<ProcessInfo>> table = readProcessTable();
    if (!table.ok())
        return table;
    for (ProcessInfo &info : table.value) {
        const auto it = m_entries.find(info.pid);
        if (it == m_entries.end() || !it->second->info.running)
            continue;
        info.tracked = true;
        if (info.commandLine.isEmpty())
            info.commandLine = it->second->info.commandLine;
        if (info.owner.isEmpty())
            info.owner = it->second->info.owner;
    }
    for (const ProcessInfo &info : trackedProcesses()) {
        if (!info.running)
            table.value.append(info);
    }
    return table;
}

PlatformError WinProcessManager::terminate(const UserAccount &user, qint64 pid)
{
    const QString what = QStringLiteral("process %1").arg(pid);
    if (pid <= 0 || pid > qint64(UINT32_MAX))
        return PlatformError::make(PlatformError::Kind::NoSuchProcess, ERROR_INVALID_PARAMETER,
                                   QStringLiteral("no such process: %1").arg(pid));
    HANDLE process = nullptr;
    DWORD err = 0;
    {
        // The OS decides, as the user: OpenProcess checks the process's
        // ACL against the user's token (the owner and administrators may
        // terminate it).
        ImpersonationGuard guard(tokenOf(user));
        process = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, DWORD(pid));
        err = GetLastError();
    }
    if (!process) {
        if (err == ERROR_INVALID_PARAMETER)
            return PlatformError::make(PlatformError::Kind::NoSuchProcess, int(err),
                                       QStringLiteral("no such process: %1").arg(pid));
        qCInfo(lcWinProcesses, "%s may not terminate process %lld", qUtf8Printable(user.name), pid);
        return winError(err, QStringLiteral("%1 may not terminate %2").arg(user.name, what));
    }
    // Windows has no polite request a console-less program must honour:
    // vmtoolsd's ProcMgr_KillByPid on Windows calls TerminateProcess too.
    const BOOL ok = TerminateProcess(process, 1);
    err = GetLastError();
    // TerminateProcess fails ERROR_ACCESS_DENIED on a process that has just
    // exited, and also on a protected one the handle was granted for: only
    // the first is a success (the handle has SYNCHRONIZE to tell them apart).
    const bool exited = !ok && WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
    CloseHandle(process);
    if (!ok && !exited)
        return winError(err, QStringLiteral("cannot terminate ") + what);
    return {};
}

Result<QProcessEnvironment> WinProcessManager::loginEnvironment(const UserAccount &user)
{
    if (!user.isValid())
        return Result<QProcessEnvironment>::failure(
            PlatformError::make(PlatformError::Kind::InvalidArgument, ERROR_INVALID_PARAMETER,
                                QStringLiteral("no user for the environment")));
    return environmentOf(tokenOf(user));
}

} // namespace gk::platform::winos

namespace gk::platform {
std::unique_ptr<ProcessManager> createProcessManager(const ProcessManager::Options &options)
{
    return std::make_unique<winos::WinProcessManager>(options);
}
} // namespace gk::platform
