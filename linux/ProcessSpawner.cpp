#include "ProcessSpawner.h"

#include "LinuxErrors.h"
#include "SpawnChild.h"

#include <QString>
#include <QStringList>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
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

using namespace spawnchild;

namespace {

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
