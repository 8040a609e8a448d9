#include "WinProcessManager.h"

#include "Impersonation.h"
#include "WinErrors.h"
#include "WinProcessLaunch.h"
#include "WinProcessTable.h"

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

WinProcessManager::WinProcessManager(const Options &options)
    : m_options(options), m_tracked(options.retention)
{}

WinProcessManager::~WinProcessManager()
{
    for (auto &[pid, running] : m_running) {
        running.notifier.reset();
        CloseHandle(static_cast<HANDLE>(running.process));
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
    if (m_options.maxRunning > 0 && m_tracked.runningCount() >= m_options.maxRunning)
        return R::failure(
            PlatformError::make(PlatformError::Kind::TooMany, ERROR_NO_PROC_SLOTS,
                                QStringLiteral("cannot start %1: %2 processes are running already")
                                    .arg(spec.program)
                                    .arg(m_tracked.runningCount())));
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
    m_tracked.add(pid, user.name, spec);
    Running &running = m_running[pid];
    running.process = child.value.process;
    running.notifier = std::make_unique<QWinEventNotifier>(static_cast<HANDLE>(running.process));
    connect(running.notifier.get(), &QWinEventNotifier::activated, this,
            [this, pid] { onExited(pid); });

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
    const auto it = m_running.find(pid);
    if (it == m_running.end())
        return;
    DWORD code = 0;
    if (!GetExitCodeProcess(static_cast<HANDLE>(it->second.process), &code) || code == STILL_ACTIVE)
        return;
    // We are inside the notifier's signal: disable now, delete later.
    it->second.notifier->setEnabled(false);
    it->second.notifier.release()->deleteLater();
    CloseHandle(static_cast<HANDLE>(it->second.process));
    m_running.erase(it);
    emit processFinished(pid, m_tracked.finish(pid, int(code)));
}

void WinProcessManager::setRetention(std::chrono::milliseconds retention)
{
    m_options.retention = retention;
    m_tracked.setRetention(retention);
}

QList<ProcessInfo> WinProcessManager::trackedProcesses() const
{
    return m_tracked.list();
}

std::optional<ProcessInfo> WinProcessManager::trackedProcess(qint64 pid) const
{
    return m_tracked.find(pid);
}

Result<QList<ProcessInfo>> WinProcessManager::listProcesses()
{
    Result<QList<ProcessInfo>> table = readProcessTable();
    if (table.ok())
        m_tracked.mergeInto(&table.value);
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
