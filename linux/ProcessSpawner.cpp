#include "ProcessSpawner.h"

#include "LinuxErrors.h"

#include <QString>
#include <QStringList>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

namespace gk::platform {
namespace {

enum Stage : int {
    StageNone,
    StageFiles,
    StageSession,
    StageStdio,
    StageIdentity,
    StageChdir,
    StageExec
};

// A spare child's go word (SpareChild): it waits while the word is kWait.
enum SpareGo : int { kWait, kRun };

// The kernel's struct rlimit64 for prlimit64.
struct KernelRlimit
{
    quint64 cur;
    quint64 max;
};

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
    // Written by the child, read by the parent once clone returns.
    volatile int failedStage;
    volatile int error;
    // A spare child only: the futex it waits on, the daemon's pid (it ends
    // itself when its parent is already gone), and its core limit while it
    // waits (0 then).
    int go;
    pid_t parent;
    KernelRlimit coreLimit;
};

// Detached starts need a child that never writes errno (see sys()).
#if defined(__x86_64__)
constexpr bool kDetachedStarts = true;
#else
constexpr bool kDetachedStarts = false;
#endif

// A system call that leaves errno alone: -errno on failure. The child of a
// detached start runs beside the parent's threads with the parent thread's
// thread-local storage, so it must not write errno (it would be that
// thread's). On x86-64 the instruction itself; elsewhere glibc's syscall()
// (detached starts are then not offered, see kDetachedStarts).
long sys(long n, long a = 0, long b = 0, long c = 0, long d = 0)
{
#if defined(__x86_64__)
    long ret;
    register long r10 asm("r10") = d;
    asm volatile("syscall"
                 : "=a"(ret)
                 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                 : "rcx", "r11", "memory");
    return ret;
#else
    const long ret = syscall(n, a, b, c, d);
    return ret == -1 ? -errno : ret;
#endif
}

// The child runs on the parent's thread-local storage, AddressSanitizer's
// per-thread state included: keep its code uninstrumented.
#if defined(__SANITIZE_ADDRESS__)
#define GK_CHILD_CODE [[gnu::no_sanitize_address]]
#else
#define GK_CHILD_CODE
#endif

GK_CHILD_CODE [[noreturn]] void childFail(ChildArgs *a, int stage, long result)
{
    a->error = int(-result);
    a->failedStage = stage;
    sys(SYS_exit, 127);
    __builtin_unreachable();
}

// The kernel's struct sigaction for rt_sigaction (not glibc's, whose mask is
// 128 bytes).
struct KernelSigaction
{
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)();
    quint64 mask;
};

// The hex mask after `field` ("\nSigCgt:") in `text`; false when absent.
GK_CHILD_CODE bool statusMask(const char *text, long size, const char *field, quint64 *mask)
{
    long fieldSize = 0;
    while (field[fieldSize])
        ++fieldSize;
    for (long at = 0; at + fieldSize <= size; ++at) {
        long i = 0;
        while (i < fieldSize && text[at + i] == field[i])
            ++i;
        if (i < fieldSize)
            continue;
        long p = at + fieldSize;
        while (p < size && (text[p] == ' ' || text[p] == '\t'))
            ++p;
        quint64 value = 0;
        int digits = 0;
        for (; p < size && digits < 16; ++p, ++digits) {
            const char c = text[p];
            const int d = c >= '0' && c <= '9'   ? c - '0'
                          : c >= 'a' && c <= 'f' ? c - 'a' + 10
                          : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                 : -1;
            if (d < 0)
                break;
            value = value << 4 | quint64(d);
        }
        *mask = value;
        return digits > 0;
    }
    return false;
}

// The signals this process catches or ignores, from one read of its
// /proc/self/status (a clone has a copy of the parent's dispositions); every
// signal when that cannot be read. Read here, in the child, so that the
// parent does not spend the read before a detached start returns.
GK_CHILD_CODE quint64 signalsToReset()
{
    constexpr quint64 kAll = ~quint64(0);
    const long fd = sys(SYS_openat, AT_FDCWD, long("/proc/self/status"), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kAll;
    char text[16 * 1024];
    long used = 0, n = 0;
    while (used < long(sizeof text) &&
           (n = sys(SYS_read, fd, long(text + used), long(sizeof text) - used)) > 0)
        used += n;
    sys(SYS_close, fd);
    quint64 ignored = 0, caught = 0;
    if (n < 0 || !statusMask(text, used, "\nSigIgn:", &ignored) ||
        !statusMask(text, used, "\nSigCgt:", &caught))
        return kAll;
    return ignored | caught;
}

// Every caught or ignored signal back to its default, while all are still
// blocked: the daemon's handlers must never run in this shared address
// space, and ignored signals (SIGPIPE) would otherwise stay ignored across
// execve. Only those: a sigaction per signal would be 64 system calls.
GK_CHILD_CODE void resetDispositions()
{
    const quint64 reset = signalsToReset();
    const KernelSigaction dfl = {SIG_DFL, 0, nullptr, 0};
    for (int sig = 1; sig < NSIG && sig <= 64; ++sig) {
        if (reset & (quint64(1) << (sig - 1)))
            sys(SYS_rt_sigaction, sig, long(&dfl), 0, 8); // fails harmlessly for glibc's own
    }
}

// From the unblocking of signals to execve: the part of a start that runs
// once the child has its dispositions reset.
GK_CHILD_CODE [[noreturn]] void execChild(ChildArgs *a)
{
    const quint64 none = 0;
    sys(SYS_rt_sigprocmask, SIG_SETMASK, long(&none), 0, 8);

    long r = sys(SYS_setsid);
    if (r < 0)
        childFail(a, StageSession, r);
    for (int fd = 0; fd < 3; ++fd) {
        if ((r = sys(SYS_dup3, a->stdio[fd], fd, 0)) < 0)
            childFail(a, StageStdio, r);
    }
    if (a->switchIdentity) {
        // Raw system calls: they change this task only, without glibc's
        // all-threads broadcast (which must not run in a vfork-style child).
        if ((r = sys(SYS_setgroups, long(a->groupCount), long(a->groups))) < 0 ||
            (r = sys(SYS_setresgid, a->gid, a->gid, a->gid)) < 0 ||
            (r = sys(SYS_setresuid, a->uid, a->uid, a->uid)) < 0)
            childFail(a, StageIdentity, r);
    }
    // After the identity switch, so the directory is checked as the user.
    if (a->workingDirectory[0] != '\0' && (r = sys(SYS_chdir, long(a->workingDirectory))) < 0) {
        if (a->workingDirectoryRequired || sys(SYS_chdir, long("/")) < 0)
            childFail(a, StageChdir, r);
    }
    // Whatever another library opened without O_CLOEXEC stays with the daemon.
    sys(SYS_close_range, 3, long(~0U), CLOSE_RANGE_CLOEXEC);

    long firstError = -ENOENT;
    for (char *const *path = a->candidates; *path; ++path) {
        r = sys(SYS_execve, long(*path), long(a->argv), long(a->envp));
        // execvp's rules: keep looking past missing entries, remember a
        // permission failure, stop at anything else.
        if (r == -EACCES)
            firstError = r;
        else if (r != -ENOENT && r != -ENOTDIR) {
            firstError = r;
            break;
        }
    }
    childFail(a, StageExec, firstError);
}

// Runs in the child, on its own stack, sharing the parent's memory: only
// raw system calls, no allocation, no locks, no errno.
GK_CHILD_CODE int childMain(void *arg)
{
    resetDispositions();
    execChild(static_cast<ChildArgs *>(arg));
}

// A spare child (SpareChild): cloned ahead of a start, it does the part
// that needs no request (dispositions), then sleeps on a->go until the start
// fills in *a and sets it to kRun. It shares the daemon's descriptor table
// while it waits (so it holds no descriptor the daemon closes) and takes its
// own copy when it runs, as a fresh clone would have.
GK_CHILD_CODE int spareMain(void *arg)
{
    auto *a = static_cast<ChildArgs *>(arg);
    resetDispositions();
    // While it waits, a signal has its default effect at once: one that ends
    // a process ends the spare (the next start clones instead), the others
    // are dropped. Blocked, it would stay pending and end the program the
    // spare becomes, or be told apart only by racing a KillProcess sent
    // right after the start. No core file of the daemon's memory, though:
    // the core limit is 0 until the spare is taken.
    const bool coreLimited = sys(SYS_prlimit64, 0, RLIMIT_CORE, 0, long(&a->coreLimit)) == 0;
    if (coreLimited) {
        const KernelRlimit noCore = {0, a->coreLimit.max};
        sys(SYS_prlimit64, 0, RLIMIT_CORE, long(&noCore), 0);
    }
    const quint64 none = 0;
    sys(SYS_rt_sigprocmask, SIG_SETMASK, long(&none), 0, 8);
    // A spare must not outlive the daemon (it would keep the daemon's
    // memory): killed when its parent ends, or now if that has happened.
    sys(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL);
    if (sys(SYS_getppid) != a->parent)
        sys(SYS_exit, 0);
    sys(SYS_prctl, PR_SET_NAME, long("guestkitd-spare"));
    while (__atomic_load_n(&a->go, __ATOMIC_ACQUIRE) != kRun)
        sys(SYS_futex, long(&a->go), FUTEX_WAIT_PRIVATE, kWait, 0);
    // The started program's own now: it outlives the daemon, as any start,
    // with the core limit it would have had.
    sys(SYS_prctl, PR_SET_PDEATHSIG, 0);
    if (coreLimited)
        sys(SYS_prlimit64, 0, RLIMIT_CORE, long(&a->coreLimit), 0);
    const long r = sys(SYS_unshare, CLONE_FILES);
    if (r < 0)
        childFail(a, StageFiles, r);
    execChild(a);
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
    case StageFiles:
        return QStringLiteral("cannot give %1 its own descriptor table").arg(program);
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

namespace {

// Everything a child reads until it has called execve: the request's strings,
// the pointer arrays into them, its arguments and its stack. A waited-for
// start keeps it for the length of the call; a detached one hands it to the
// registry below, because the child goes on using it after spawnChild() has
// returned.
struct SpawnBlock
{
    SpawnRequest request;
    std::vector<char *> candidates;
    std::vector<char *> argv;
    std::vector<char *> envp;
    std::vector<gid_t> groups;
    ChildArgs args = {};
    // CLONE_CHILD_CLEARTID: the kernel sets this to 0 when the child's use
    // of this memory ends (execve or exit), and not before.
    pid_t inUse = 1;
    pid_t pid = -1;
    alignas(64) char stack[64 * 1024]; // the child reads a 16 KiB status into it
};

// The blocks of detached children that may not have reached execve yet.
// Never destroyed: a child still on its stack at exit must not lose it.
struct DetachedBlocks
{
    std::mutex mutex;
    std::vector<std::unique_ptr<SpawnBlock>> blocks;
};

DetachedBlocks &detachedBlocks()
{
    static auto *blocks = new DetachedBlocks;
    return *blocks;
}

// new, not make_unique: the stack need not be zeroed.
std::unique_ptr<SpawnBlock> newBlock()
{
    return std::unique_ptr<SpawnBlock>(new SpawnBlock);
}

// Fills b (a new block, or a waiting spare's) with what request's child reads.
void fill(SpawnBlock *b, const SpawnRequest &request)
{
    b->request = request;
    b->candidates = pointers(b->request.candidates);
    b->argv = pointers(b->request.argv);
    b->envp = pointers(b->request.envp);
    for (qint64 g : b->request.groups)
        b->groups.push_back(gid_t(g));
    if (b->groups.empty())
        b->groups.push_back(gid_t(b->request.gid));
    ChildArgs &a = b->args;
    a.candidates = b->candidates.data();
    a.argv = b->argv.data();
    a.envp = b->envp.data();
    a.workingDirectory = b->request.workingDirectory.constData();
    a.workingDirectoryRequired = b->request.workingDirectoryRequired;
    a.switchIdentity = b->request.switchIdentity;
    a.uid = uid_t(b->request.uid);
    a.gid = gid_t(b->request.gid);
    a.groups = b->groups.data();
    a.groupCount = b->groups.size();
    for (int i = 0; i < 3; ++i)
        a.stdio[i] = b->request.stdio[i];
    a.failedStage = StageNone;
    a.error = 0;
}

void unpoisonStack(SpawnBlock *b)
{
#if defined(__SANITIZE_ADDRESS__)
    // The child's instrumented frames poisoned AddressSanitizer's shadow of
    // its stack; whatever reuses that memory later must not inherit it.
    __asan_unpoison_memory_region(b->stack, sizeof b->stack);
#else
    Q_UNUSED(b);
#endif
}

// Clones with every signal blocked in this thread (no handler of the daemon
// may run in the child before it has reset them). -1 with errno on failure.
pid_t cloneBlocked(int (*entry)(void *), SpawnBlock *b, int flags, int *pidfd)
{
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    const pid_t pid =
        clone(entry, b->stack + sizeof b->stack, flags, &b->args, pidfd, nullptr, &b->inUse);
    const int cloneErrno = errno;
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    errno = cloneErrno;
    return pid;
}

void keepUntilExec(std::unique_ptr<SpawnBlock> block)
{
    DetachedBlocks &registry = detachedBlocks();
    std::lock_guard lock(registry.mutex);
    registry.blocks.push_back(std::move(block));
}

} // namespace

struct SpareChild::State
{
    std::unique_ptr<SpawnBlock> block; // the waiting child's
    int pidfd = -1;
};

SpareChild::SpareChild() : d(std::make_unique<State>()) {}

SpareChild::~SpareChild()
{
    discard();
}

bool SpareChild::ensure()
{
    if (!kDetachedStarts)
        return false;
    if (d->block && __atomic_load_n(&d->block->inUse, __ATOMIC_ACQUIRE) == 0)
        discard(); // it died while waiting (killed)
    if (d->block)
        return true;
    std::unique_ptr<SpawnBlock> block = newBlock();
    block->args.go = kWait;
    block->args.parent = getpid();
    int pidfd = -1;
    const pid_t pid =
        cloneBlocked(spareMain, block.get(),
                     CLONE_VM | CLONE_FILES | CLONE_PIDFD | CLONE_CHILD_CLEARTID | SIGCHLD, &pidfd);
    if (pid < 0)
        return false;
    block->pid = pid;
    d->block = std::move(block);
    d->pidfd = pidfd;
    return true;
}

void SpareChild::discard()
{
    if (!d->block)
        return;
    // SIGKILL through the pidfd (the pid cannot have been reused), then
    // reaped: its exit also ends its use of the block.
    syscall(SYS_pidfd_send_signal, d->pidfd, SIGKILL, nullptr, 0U);
    siginfo_t info = {};
    waitid(P_PIDFD, id_t(d->pidfd), &info, WEXITED);
    ::close(d->pidfd);
    d->pidfd = -1;
    if (__atomic_load_n(&d->block->inUse, __ATOMIC_ACQUIRE) == 0) {
        unpoisonStack(d->block.get());
        d->block.reset();
    } else {
        // Reaped by someone else's wait and still marked in use: never free
        // memory a child might be on.
        keepUntilExec(std::move(d->block));
    }
}

std::optional<SpawnedChild> SpareChild::take(const SpawnRequest &request)
{
    if (!d->block)
        return std::nullopt;
    if (__atomic_load_n(&d->block->inUse, __ATOMIC_ACQUIRE) == 0) {
        discard();
        return std::nullopt;
    }
    std::unique_ptr<SpawnBlock> block = std::move(d->block);
    const SpawnedChild child{block->pid, std::exchange(d->pidfd, -1)};
    fill(block.get(), request);
    __atomic_store_n(&block->args.go, int(kRun), __ATOMIC_RELEASE);
    syscall(SYS_futex, &block->args.go, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
    keepUntilExec(std::move(block));
    return child;
}

Result<SpawnedChild> spawnChild(const SpawnRequest &request, SpareChild *spare)
{
    using R = Result<SpawnedChild>;
    if (request.candidates.isEmpty() || request.argv.isEmpty())
        return R::failure(PlatformError::make(PlatformError::Kind::InvalidArgument, EINVAL,
                                              QStringLiteral("no program to start")));
    const bool detached = !request.waitForExec && kDetachedStarts;
    if (detached && spare) {
        if (std::optional<SpawnedChild> child = spare->take(request))
            return R::success(*child);
    }
    std::unique_ptr<SpawnBlock> block = newBlock();
    fill(block.get(), request);

    int pidfd = -1;
    // Waited for (CLONE_VFORK): this thread sleeps until the child has called
    // execve or exited, and sees how it went. Detached: this thread goes on at
    // once, and the kernel clears block->inUse when the child is done with the
    // block.
    const int flags = detached ? CLONE_VM | CLONE_PIDFD | CLONE_CHILD_CLEARTID | SIGCHLD
                               : CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD;
    const pid_t pid = cloneBlocked(childMain, block.get(), flags, &pidfd);
    const int cloneErrno = errno;
    if (!detached)
        unpoisonStack(block.get());

    if (pid < 0)
        return R::failure(linuxos::errnoError(
            cloneErrno, QStringLiteral("cannot create a process for %1")
                            .arg(QString::fromLocal8Bit(request.argv.first()))));
    if (detached) {
        block->pid = pid;
        keepUntilExec(std::move(block));
        return R::success(SpawnedChild{pid, pidfd});
    }
    if (block->args.failedStage != StageNone) {
        // The child has exited already (_exit released the parent); reap it.
        siginfo_t info = {};
        waitid(P_PIDFD, id_t(pidfd), &info, WEXITED);
        ::close(pidfd);
        return R::failure(
            linuxos::errnoError(block->args.error, stageMessage(block->args.failedStage, request)));
    }
    return R::success(SpawnedChild{pid, pidfd});
}

QStringList releaseDetachedSpawns()
{
    QStringList failures;
    DetachedBlocks &registry = detachedBlocks();
    std::lock_guard lock(registry.mutex);
    auto &blocks = registry.blocks;
    for (auto it = blocks.begin(); it != blocks.end();) {
        SpawnBlock &b = **it;
        if (__atomic_load_n(&b.inUse, __ATOMIC_ACQUIRE) != 0) {
            ++it;
            continue;
        }
        unpoisonStack(&b);
        if (b.args.failedStage != StageNone)
            failures.append(QStringLiteral("process %1: %2")
                                .arg(b.pid)
                                .arg(linuxos::errnoError(
                                         b.args.error, stageMessage(b.args.failedStage, b.request))
                                         .message));
        it = blocks.erase(it);
    }
    return failures;
}

QList<qint64> detachedSpawnsBeforeExec()
{
    QList<qint64> pids;
    DetachedBlocks &registry = detachedBlocks();
    std::lock_guard lock(registry.mutex);
    for (const auto &b : registry.blocks) {
        if (__atomic_load_n(&b->inUse, __ATOMIC_ACQUIRE) != 0)
            pids.append(b->pid);
    }
    return pids;
}

int detachedSpawnsInUse()
{
    DetachedBlocks &registry = detachedBlocks();
    std::lock_guard lock(registry.mutex);
    return int(registry.blocks.size());
}

} // namespace gk::platform
