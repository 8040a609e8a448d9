#include "SpawnChild.h"

#include <csignal>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace gk::platform::spawnchild {
namespace {

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
} // namespace

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

} // namespace gk::platform::spawnchild
