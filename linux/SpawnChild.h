#pragma once

// What runs in a started child between clone and execve (the child side of
// ProcessSpawner): raw system calls only, on the parent's memory and its
// thread's storage, no allocation, no locks, no errno. Internal to the spawner.

#include <QtGlobal>

#include <sys/types.h>

namespace gk::platform::spawnchild {

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

// clone() entry points; arg is the ChildArgs. childMain: a start now.
// spareMain: a spare (SpareChild) that waits on ChildArgs::go, then starts.
int childMain(void *arg);
int spareMain(void *arg);

} // namespace gk::platform::spawnchild
