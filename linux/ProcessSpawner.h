#pragma once

#include "platform/PlatformError.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QStringList>

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

// Starts a child with clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD), the way
// glibc's posix_spawn does: no page tables are copied, the parent sleeps
// until the child has called execve or exited, and the child reports a
// failure through the memory they share (no error pipe needed). The pidfd
// comes from the same clone call, so the pid can never be recycled under us.
// With waitForExec false the parent does not sleep (CLONE_CHILD_CLEARTID
// tells when the child no longer needs the memory it was given).
Result<SpawnedChild> spawnChild(const SpawnRequest &request);

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
