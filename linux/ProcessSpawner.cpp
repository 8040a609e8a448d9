#include "ProcessSpawner.h"

#include "LinuxErrors.h"

#include <QString>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

namespace gk::platform {
namespace {

enum Stage : int { StageNone, StageSession, StageStdio, StageIdentity, StageChdir, StageExec };

struct ChildArgs
{
    char *const *candidates;
    char *const *argv;
    char *const *envp;
    const char *workingDirectory;
    bool workingDirectoryRequired;
    bool switchIdentity;
    uid_t uid;
    gid_t gid;
    const gid_t *groups;
    size_t groupCount;
    int stdio[3];
    quint64 resetSignals; // bit n-1: signal n has a handler or is ignored
    // Written by the child, read by the parent once clone returns.
    volatile int failedStage;
    volatile int error;
};

[[noreturn]] void childFail(ChildArgs *a, int stage)
{
    a->error = errno;
    a->failedStage = stage;
    _exit(127);
}

// Runs in the child, on its own stack, sharing the parent's memory: only
// system calls, no allocation, no locks.
int childMain(void *arg)
{
    auto *a = static_cast<ChildArgs *>(arg);

    // Every caught or ignored signal back to its default before unblocking:
    // the daemon's handlers must never run in this shared address space, and
    // ignored signals (SIGPIPE) would otherwise stay ignored across execve.
    // Only those: a sigaction per signal would be 64 system calls while the
    // parent waits.
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG && sig <= 64; ++sig) {
        if (a->resetSignals & (quint64(1) << (sig - 1)))
            sigaction(sig, &dfl, nullptr); // fails harmlessly for glibc's own
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);

    if (setsid() < 0)
        childFail(a, StageSession);
    for (int fd = 0; fd < 3; ++fd) {
        if (dup2(a->stdio[fd], fd) < 0)
            childFail(a, StageStdio);
    }
    if (a->switchIdentity) {
        // Raw system calls: they change this task only, without glibc's
        // all-threads broadcast (which must not run in a vfork-style child).
        if (syscall(SYS_setgroups, a->groupCount, a->groups) != 0 ||
            syscall(SYS_setresgid, a->gid, a->gid, a->gid) != 0 ||
            syscall(SYS_setresuid, a->uid, a->uid, a->uid) != 0)
            childFail(a, StageIdentity);
    }
    // After the identity switch, so the directory is checked as the user.
    if (a->workingDirectory[0] != '\0' && chdir(a->workingDirectory) != 0) {
        if (a->workingDirectoryRequired || chdir("/") != 0)
            childFail(a, StageChdir);
    }
    // Whatever another library opened without O_CLOEXEC stays with the daemon.
    syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);

    int firstError = ENOENT;
    for (char *const *path = a->candidates; *path; ++path) {
        execve(*path, a->argv, a->envp);
        // execvp's rules: keep looking past missing entries, remember a
        // permission failure, stop at anything else.
        if (errno == EACCES)
            firstError = EACCES;
        else if (errno != ENOENT && errno != ENOTDIR)
            break;
        errno = firstError;
    }
    childFail(a, StageExec);
}

// One hex mask field of /proc/self/status ("SigCgt:\t0000000000014a02").
bool statusMask(const char *text, const char *field, quint64 *mask)
{
    const char *at = std::strstr(text, field);
    if (!at)
        return false;
    char *end = nullptr;
    errno = 0;
    *mask = std::strtoull(at + std::strlen(field), &end, 16);
    return errno == 0 && end != at + std::strlen(field);
}

// The signals of this process that are caught or ignored, from one read of
// /proc/self/status (dispositions are per process); every signal when that
// cannot be read, so the child then resets all of them.
quint64 signalsToReset()
{
    constexpr quint64 kAll = ~quint64(0);
    const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kAll;
    char text[16 * 1024];
    ssize_t used = 0, n = 0;
    while (used < ssize_t(sizeof text) - 1 &&
           (n = ::read(fd, text + used, sizeof text - 1 - size_t(used))) > 0)
        used += n;
    ::close(fd);
    text[used] = '\0';
    quint64 ignored = 0, caught = 0;
    if (n < 0 || !statusMask(text, "\nSigIgn:", &ignored) ||
        !statusMask(text, "\nSigCgt:", &caught))
        return kAll;
    return ignored | caught;
}

std::vector<char *> pointers(const QByteArrayList &list)
{
    std::vector<char *> out;
    out.reserve(size_t(list.size()) + 1);
    for (const QByteArray &item : list)
        out.push_back(const_cast<char *>(item.constData()));
    out.push_back(nullptr);
    return out;
}

QString stageMessage(int stage, const SpawnRequest &r)
{
    const QString program = r.argv.isEmpty() ? QString() : QString::fromLocal8Bit(r.argv.first());
    switch (stage) {
    case StageSession:
        return QStringLiteral("cannot start a session for %1").arg(program);
    case StageStdio:
        return QStringLiteral("cannot connect the standard streams of %1").arg(program);
    case StageIdentity:
        return QStringLiteral("cannot take the identity of uid %1 for %2").arg(r.uid).arg(program);
    case StageChdir:
        return QStringLiteral("cannot change to working directory %1")
            .arg(QString::fromLocal8Bit(r.workingDirectory));
    default:
        return QStringLiteral("cannot execute %1").arg(program);
    }
}

} // namespace

QByteArrayList executableCandidates(const QByteArray &program, const QByteArray &pathVariable)
{
    if (program.contains('/'))
        return {program};
    QByteArrayList out;
    const QByteArray path =
        pathVariable.isEmpty() ? QByteArrayLiteral("/usr/local/bin:/usr/bin:/bin") : pathVariable;
    for (const QByteArray &dir : path.split(':'))
        out.append((dir.isEmpty() ? QByteArrayLiteral(".") : dir) + '/' + program);
    return out;
}

Result<SpawnedChild> spawnChild(const SpawnRequest &request)
{
    using R = Result<SpawnedChild>;
    if (request.candidates.isEmpty() || request.argv.isEmpty())
        return R::failure(PlatformError::make(PlatformError::Kind::InvalidArgument, EINVAL,
                                              QStringLiteral("no program to start")));
    const std::vector<char *> candidates = pointers(request.candidates);
    const std::vector<char *> argv = pointers(request.argv);
    const std::vector<char *> envp = pointers(request.envp);
    std::vector<gid_t> groups;
    for (qint64 g : request.groups)
        groups.push_back(gid_t(g));
    if (groups.empty())
        groups.push_back(gid_t(request.gid));

    ChildArgs args{candidates.data(),
                   argv.data(),
                   envp.data(),
                   request.workingDirectory.constData(),
                   request.workingDirectoryRequired,
                   request.switchIdentity,
                   uid_t(request.uid),
                   gid_t(request.gid),
                   groups.data(),
                   groups.size(),
                   {request.stdio[0], request.stdio[1], request.stdio[2]},
                   signalsToReset(),
                   StageNone,
                   0};

    // The child runs on this stack region while this thread sleeps
    // (CLONE_VFORK), so a buffer in this frame is safe to lend it.
    alignas(64) char stack[32 * 1024];
    sigset_t all, previous;
    sigfillset(&all);
    // No signal handler may run in the child before it resets them.
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    int pidfd = -1;
    const pid_t pid = clone(childMain, stack + sizeof stack,
                            CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, &args, &pidfd);
    const int cloneErrno = errno;
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
#if defined(__SANITIZE_ADDRESS__)
    // The child's instrumented frames poisoned AddressSanitizer's shadow of
    // this buffer; the parent's later frames reuse it, so clear it.
    __asan_unpoison_memory_region(stack, sizeof stack);
#endif

    if (pid < 0)
        return R::failure(linuxos::errnoError(
            cloneErrno, QStringLiteral("cannot create a process for %1")
                            .arg(QString::fromLocal8Bit(request.argv.first()))));
    if (args.failedStage != StageNone) {
        // The child has exited already (_exit released the parent); reap it.
        siginfo_t info = {};
        waitid(P_PIDFD, id_t(pidfd), &info, WEXITED);
        ::close(pidfd);
        return R::failure(linuxos::errnoError(args.error, stageMessage(args.failedStage, request)));
    }
    return R::success(SpawnedChild{pid, pidfd});
}

} // namespace gk::platform
