#pragma once

#include "platform/PlatformError.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

namespace gk::platform {

// Everything the child needs, prepared by the parent so that the child only
// makes async-signal-safe system calls between clone and exec.
struct SpawnRequest
{
    QByteArrayList candidates; // paths to try in order (a PATH search, done here)
    QByteArrayList argv;
    QByteArrayList envp; // "NAME=value"
    QByteArray workingDirectory;
    bool workingDirectoryRequired = true; // false: fall back to "/" when missing
    bool switchIdentity = false;
    qint64 uid = -1;
    qint64 gid = -1;
    QList<qint64> groups;
    // Child-side descriptors for 0, 1, 2 (all >= 3 and close-on-exec).
    int stdio[3] = {-1, -1, -1};
    // false: spawnChild() returns as soon as the child exists, without
    // waiting for its execve (a third of a millisecond and more). A failure
    // after that (working directory, identity, execve) is then the child's
    // exit status 127, and its reason comes from releaseDetachedSpawns().
    // Only on x86-64; elsewhere every start is waited for.
    bool waitForExec = true;
};

struct SpawnedChild
{
    int pid = -1;
    int pidfd = -1; // close-on-exec; readable once the child has exited
};

// A child cloned before a start needs it, waiting (asleep, every signal
// blocked, named guestkitd-spare) for the start that takes it: such a start
// saves the clone itself, a tenth of a millisecond and more on a virtual CPU.
// One spare at a time; it shares the daemon's descriptor table until taken
// and copies it only then (so it holds no descriptor open that the daemon
// closes), is killed by the kernel if the daemon ends, and by the destructor.
// The request's stdio descriptors must stay open after the start returns
// (the spare reaches its copy of the table later): /dev/null, not pipe ends
// the caller closes. x86-64 only, like detached starts; use it from one
// thread, the one that outlives it.
class SpareChild
{
public:
    SpareChild();
    ~SpareChild();
    SpareChild(const SpareChild &) = delete;
    SpareChild &operator=(const SpareChild &) = delete;

    // Clones a spare unless one waits already; false when none could be made.
    bool ensure();

private:
    friend Result<SpawnedChild> spawnChild(const SpawnRequest &, SpareChild *);
    // Hands the spare request and wakes it; nullopt when none waits (or it
    // has died: then it is reaped and the caller clones as usual).
    std::optional<SpawnedChild> take(const SpawnRequest &request);
    void discard();

    struct State;
    std::unique_ptr<State> d;
};

// Starts a child with clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD), the way
// glibc's posix_spawn does: no page tables are copied, the parent sleeps
// until the child has called execve or exited, and the child reports a
// failure through the memory they share (no error pipe needed). The pidfd
// comes from the same clone call, so the pid can never be recycled under us.
// With waitForExec false the parent does not sleep (CLONE_CHILD_CLEARTID
// tells when the child no longer needs the memory it was given), and a
// waiting `spare`, if given, is taken instead of cloning.
Result<SpawnedChild> spawnChild(const SpawnRequest &request, SpareChild *spare = nullptr);

// Frees what detached children have finished with (they have called execve
// or exited) and returns the failures among them, one message each. Call it
// now and then (each start, each exit): until then each such child keeps
// about 40 KiB.
QStringList releaseDetachedSpawns();
// The detached children that have not reached their execve yet: /proc still
// shows the daemon's name, command line and owner for them.
QList<qint64> detachedSpawnsBeforeExec();
// How many detached children may still be using their start's memory.
int detachedSpawnsInUse();

// Resolves program against PATH the way execvp does, without touching the
// file system: the child tries the candidates in order.
QByteArrayList executableCandidates(const QByteArray &program, const QByteArray &pathVariable);

} // namespace gk::platform
