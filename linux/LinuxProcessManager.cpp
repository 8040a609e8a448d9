#include "LinuxProcessManager.h"

#include "PipeDevice.h"

#include "LinuxErrors.h"
#include "LoginEnvironment.h"
#include "ProcessSpawner.h"
#include "ProcessTable.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gk::platform {

Q_LOGGING_CATEGORY(lcProcesses, "guestkit.processes")

namespace {

// Raw system calls: glibc 2.36's <sys/pidfd.h> lacks C linkage for C++.
int pidfdOpen(pid_t pid)
{
    return int(syscall(SYS_pidfd_open, pid, 0U));
}

int pidfdSignal(int pidfd, int sig)
{
    return int(syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0U));
}

// Descriptors handed to the child must not collide with 0..2, which it
// overwrites (possible when the daemon runs with a closed stdin).
int aboveStdio(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    const int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    ::close(fd);
    return moved;
}

class Fd
{
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }
    void reset(int fd)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

std::unique_ptr<QIODevice> deviceFor(int fd, QIODevice::OpenMode mode)
{
    return std::make_unique<linuxos::PipeDevice>(fd, mode);
}

// kill(2)'s rule for an unprivileged sender: its uid must match the
// target's real or saved uid; root may signal anything.
bool maySignal(const UserAccount &user, const QList<qint64> &uids)
{
    return user.uid == 0 || user.uid == uids.value(0) || user.uid == uids.value(2);
}

} // namespace

LinuxProcessManager::LinuxProcessManager(const Options &options)
    : m_options(options), m_tracked(options.retention),
      m_exits([this](qint64 pid) { onExited(pid); })
{
    m_devNull = aboveStdio(::open("/dev/null", O_RDWR | O_CLOEXEC));
}

LinuxProcessManager::~LinuxProcessManager()
{
    for (const auto &[pid, pidfd] : m_pidfds) {
        m_exits.remove(pidfd);
        ::close(pidfd);
    }
    for (int pidfd : m_pendingKills)
        ::close(pidfd);
    if (m_devNull >= 0)
        ::close(m_devNull);
}

Result<StartedProcess> LinuxProcessManager::start(const UserAccount &user, const ProcessSpec &spec)
{
    using R = Result<StartedProcess>;
    if (spec.program.isEmpty())
        return R::failure(PlatformError::make(PlatformError::Kind::InvalidArgument, EINVAL,
                                              QStringLiteral("no program to start")));
    Q_ASSERT_X(thread() == QThread::currentThread(), "ProcessManager::start",
               "exit notifiers belong to the manager's thread");
    if (m_options.maxRunning > 0 && m_tracked.runningCount() >= m_options.maxRunning)
        return R::failure(
            PlatformError::make(PlatformError::Kind::TooMany, EAGAIN,
                                QStringLiteral("cannot start %1: %2 processes are running already")
                                    .arg(spec.program)
                                    .arg(m_tracked.runningCount())));
    if (user.uid < 0 || user.gid < 0)
        return R::failure(
            PlatformError::make(PlatformError::Kind::InvalidArgument, EINVAL,
                                QStringLiteral("no user to start %1 as").arg(spec.program)));

    const QProcessEnvironment env =
        spec.environment ? *spec.environment : m_loginEnvironment.forUser(user);
    SpawnRequest request;
    const QByteArray program = QFile::encodeName(spec.program);
    request.candidates =
        executableCandidates(program, QFile::encodeName(env.value(QStringLiteral("PATH"))));
    request.argv.append(program);
    for (const QString &arg : spec.arguments)
        request.argv.append(arg.toLocal8Bit());
    for (const QString &entry : env.toStringList())
        request.envp.append(entry.toLocal8Bit());
    request.workingDirectoryRequired = !spec.workingDirectory.isEmpty();
    request.workingDirectory =
        QFile::encodeName(spec.workingDirectory.isEmpty() ? user.home : spec.workingDirectory);
    // Root takes the user's identity; a non-root daemon (auth=none in tests)
    // can only start processes as itself.
    request.switchIdentity = geteuid() == 0 || uid_t(user.uid) != geteuid();
    request.uid = user.uid;
    request.gid = user.gid;
    request.groups = user.groups;
    request.waitForExec = spec.waitForExec;
    logDetachedFailures();

    // Parent end, child end per stream.
    Fd parentEnd[3], childEnd[3];
    const bool wanted[3] = {spec.pipeStdin, spec.pipeStdout, spec.pipeStderr};
    for (int i = 0; i < 3; ++i) {
        if (!wanted[i]) {
            request.stdio[i] = m_devNull;
            continue;
        }
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return R::failure(linuxos::errnoError(
                errno, QStringLiteral("cannot create a pipe for %1").arg(spec.program)));
        const int readEnd = aboveStdio(fds[0]), writeEnd = aboveStdio(fds[1]);
        parentEnd[i].reset(i == 0 ? writeEnd : readEnd);
        childEnd[i].reset(i == 0 ? readEnd : writeEnd);
        request.stdio[i] = childEnd[i].get();
    }

    // Not with pipes: their child ends are closed here as soon as the start
    // returns, which a taken spare (sharing this descriptor table until it
    // has its own copy) might not have reached yet. /dev/null stays open.
    const bool pipes = spec.pipeStdin || spec.pipeStdout || spec.pipeStderr;
    const Result<SpawnedChild> child = spawnChild(request, pipes ? nullptr : &m_spare);
    if (!child.ok()) {
        qCInfo(lcProcesses, "%s as %s: %s", qUtf8Printable(spec.program), qUtf8Printable(user.name),
               qUtf8Printable(child.error.message));
        return R::failure(child.error);
    }
    for (Fd &fd : childEnd)
        fd.reset(-1);

    const qint64 pid = child.value.pid;
    if (!m_exits.add(child.value.pidfd, pid)) {
        // Unwatched, its exit would never be seen: take it back now.
        const int error = errno;
        pidfdSignal(child.value.pidfd, SIGKILL);
        siginfo_t info = {};
        waitid(P_PIDFD, id_t(child.value.pidfd), &info, WEXITED);
        ::close(child.value.pidfd);
        return R::failure(linuxos::errnoError(
            error, QStringLiteral("cannot watch the exit of %1").arg(spec.program)));
    }
    m_pidfds[pid] = child.value.pidfd;
    m_tracked.add(pid, user.name, spec);
    if (!request.waitForExec && !m_spareQueued) {
        // The next detached start takes a spare cloned now, after this
        // start's answer has gone out (the queued call runs after it).
        m_spareQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_spareQueued = false;
                m_spare.ensure();
            },
            Qt::QueuedConnection);
    }

    StartedProcess started;
    started.pid = pid;
    if (spec.pipeStdin)
        started.stdIn = deviceFor(parentEnd[0].release(), QIODevice::WriteOnly);
    if (spec.pipeStdout)
        started.stdOut = deviceFor(parentEnd[1].release(), QIODevice::ReadOnly);
    if (spec.pipeStderr)
        started.stdErr = deviceFor(parentEnd[2].release(), QIODevice::ReadOnly);
    return R::success(std::move(started));
}

void LinuxProcessManager::onExited(qint64 pid)
{
    const auto it = m_pidfds.find(pid);
    if (it == m_pidfds.end())
        return;
    const int pidfd = it->second;
    siginfo_t info = {};
    if (waitid(P_PIDFD, id_t(pidfd), &info, WEXITED | WNOHANG) != 0 || info.si_pid == 0)
        return; // not finished after all
    m_exits.remove(pidfd);
    ::close(pidfd);
    m_pidfds.erase(it);
    logDetachedFailures(); // before the exit is reported: its reason first
    const int exitCode = info.si_code == CLD_EXITED ? m_tracked.finish(pid, info.si_status)
                                                    : m_tracked.finish(pid, 0, info.si_status);
    emit processFinished(pid, exitCode);
}

void LinuxProcessManager::logDetachedFailures()
{
    for (const QString &failure : releaseDetachedSpawns())
        qCWarning(lcProcesses).noquote() << failure;
}

void LinuxProcessManager::setRetention(std::chrono::milliseconds retention)
{
    m_options.retention = retention;
    m_tracked.setRetention(retention);
}

QList<ProcessInfo> LinuxProcessManager::trackedProcesses() const
{
    return m_tracked.list();
}

std::optional<ProcessInfo> LinuxProcessManager::trackedProcess(qint64 pid) const
{
    return m_tracked.find(pid);
}

Result<QList<ProcessInfo>> LinuxProcessManager::listProcesses()
{
    // A detached start answered before its child's execve: until then /proc
    // shows a copy of this daemon; list what was started, for whom. Taken
    // before the table is read: a child still short of execve then was read
    // as such.
    const QList<qint64> early = detachedSpawnsBeforeExec();
    Result<QList<ProcessInfo>> table = readProcessTable();
    if (!table.ok())
        return table;
    m_tracked.mergeInto(&table.value);
    for (ProcessInfo &info : table.value) {
        if (!early.contains(info.pid))
            continue;
        if (const std::optional<ProcessInfo> ours = m_tracked.find(info.pid)) {
            info.name = ours->name;
            info.commandLine = ours->commandLine;
            info.owner = ours->owner;
        }
    }
    return table;
}

PlatformError LinuxProcessManager::terminate(const UserAccount &user, qint64 pid)
{
    using K = PlatformError::Kind;
    const QString what = QStringLiteral("process %1").arg(pid);
    if (pid <= 0 || pid > INT_MAX)
        return PlatformError::make(K::NoSuchProcess, ESRCH,
                                   QStringLiteral("no such process: %1").arg(pid));
    // The pidfd pins the process: once open, a recycled pid can no longer
    // redirect the signal to someone else.
    const int pidfd = pidfdOpen(pid_t(pid));
    if (pidfd < 0) {
        const int err = errno == EINVAL ? ESRCH : errno; // a thread id, not a process
        return linuxos::errnoError(err, QStringLiteral("cannot terminate ") + what);
    }
    Fd guard(pidfd);
    // A process this manager started for the user is the user's, even while
    // a detached start's child has not yet taken the user's identity (the
    // pid is answered before that): its own pidfd pins it.
    if (m_pidfds.count(pid) > 0) {
        const std::optional<ProcessInfo> mine = m_tracked.find(pid);
        if (mine && mine->running && mine->owner == user.name) {
            if (pidfdSignal(pidfd, SIGTERM) != 0)
                return linuxos::errnoError(errno, QStringLiteral("cannot terminate ") + what);
            killLater(guard.release());
            return {};
        }
    }
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    const std::optional<QList<qint64>> uids =
        status.open(QIODevice::ReadOnly) ? uidsFromProcStatus(status.readAll()) : std::nullopt;
    if (!uids)
        return linuxos::errnoError(ESRCH, QStringLiteral("cannot terminate ") + what);
    if (!maySignal(user, *uids)) {
        qCInfo(lcProcesses, "%s may not terminate process %lld owned by uid %lld",
               qUtf8Printable(user.name), pid, uids->value(0));
        return linuxos::errnoError(EPERM,
                                   QStringLiteral("%1 may not terminate %2").arg(user.name, what));
    }
    if (pidfdSignal(pidfd, SIGTERM) != 0)
        return linuxos::errnoError(errno, QStringLiteral("cannot terminate ") + what);
    killLater(guard.release());
    return {};
}

void LinuxProcessManager::killLater(int pidfd)
{
    // Signalling through the pidfd is harmless when the process has gone
    // meanwhile (ESRCH), even if its pid was reused.
    m_pendingKills.insert(pidfd);
    QTimer::singleShot(m_options.killGrace, this, [this, pidfd] {
        pidfdSignal(pidfd, SIGKILL);
        m_pendingKills.erase(pidfd);
        ::close(pidfd);
    });
}

Result<QProcessEnvironment> LinuxProcessManager::loginEnvironment(const UserAccount &user)
{
    if (!user.isValid())
        return Result<QProcessEnvironment>::failure(
            PlatformError::make(PlatformError::Kind::InvalidArgument, EINVAL,
                                QStringLiteral("no user for the environment")));
    return Result<QProcessEnvironment>::success(m_loginEnvironment.forUser(user));
}

std::unique_ptr<ProcessManager> createProcessManager(const ProcessManager::Options &options)
{
    return std::make_unique<LinuxProcessManager>(options);
}

} // namespace gk::platform
