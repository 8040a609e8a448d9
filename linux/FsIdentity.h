#pragma once

#include <QVarLengthArray>

#include <sys/types.h>

namespace gk::platform::linuxos {

// The file-system identity a guest user's operations run with: fsuid,
// fsgid and supplementary groups. Set per thread (see FsIdentityGuard).
struct FsIdentity
{
    uid_t uid = 0;
    gid_t gid = 0;
    QVarLengthArray<gid_t, 32> groups;
};

// Makes the calling thread act as `identity` for file access until the guard
// is destroyed, then puts back exactly what the thread had.
//
// Linux keeps credentials per thread in the kernel; the raw syscalls
// setfsuid, setfsgid and setgroups change only the calling thread (glibc's
// setgroups/setuid wrappers broadcast to every thread of the process, so
// they are never used here). With a non-zero fsuid the kernel also drops the
// file capabilities (CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER, ...) of the
// thread, so every access is checked as the user. The real and effective
// uid/gid of the daemon never change. Every switch is read back and checked;
// a switch that does not hold aborts the process, because carrying on would
// run the operation (or the next one) with the wrong identity.
//
// Guards nest: a guard for the identity the thread already has does nothing,
// so a file call inside GuestSession::run() does not switch again; a guard
// for another identity (or for the daemon's own, null) switches and puts
// the outer one back when it ends.
class FsIdentityGuard
{
public:
    // Null: the daemon's own identity (no switch unless a guard is active).
    explicit FsIdentityGuard(const FsIdentity *identity);
    ~FsIdentityGuard();
    FsIdentityGuard(const FsIdentityGuard &) = delete;
    FsIdentityGuard &operator=(const FsIdentityGuard &) = delete;

    // The identity the calling thread holds through a guard (null: its own).
    static const FsIdentity *current();

private:
    bool m_switched = false;
    const FsIdentity *m_previousActive = nullptr;
    FsIdentity m_saved;
};

// The calling thread's fsuid/fsgid as the kernel sees them (for checks).
uid_t currentFsUid();
gid_t currentFsGid();

} // namespace gk::platform::linuxos
