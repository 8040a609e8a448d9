#include "FsIdentity.h"

#include <QtGlobal>

#include <algorithm>
#include <cerrno>
#include <sys/syscall.h>
#include <unistd.h>

namespace gk::platform::linuxos {
namespace {

// The identity a guard gave this thread (null: the thread's own), and the
// thread's own credentials as the outermost guard saved them.
thread_local const FsIdentity *t_active = nullptr;
thread_local const FsIdentity *t_own = nullptr;
// The thread's own credentials, read the first time a guard leaves them (a
// thread's own identity is the daemon's and never changes; every restore
// is verified against it): three system calls fewer per switch.
thread_local FsIdentity t_ownCache;
thread_local bool t_ownKnown = false;

// setfsuid/setfsgid return the previous value and fail silently; an invalid
// id (-1) changes nothing, which is how the current value is read back.
uid_t setFsUid(uid_t uid)
{
    return uid_t(::syscall(SYS_setfsuid, uid));
}
gid_t setFsGid(gid_t gid)
{
    return gid_t(::syscall(SYS_setfsgid, gid));
}

bool readGroups(QVarLengthArray<gid_t, 32> *groups)
{
    // One call when the list fits the inline buffer (the usual case), two
    // (size, then list) when it does not.
    groups->resize(groups->capacity());
    long n = ::syscall(SYS_getgroups, groups->size(), groups->data());
    for (int attempt = 0; n < 0 && errno == EINVAL && attempt < 4; ++attempt) {
        n = ::syscall(SYS_getgroups, 0, nullptr);
        if (n < 0)
            return false;
        groups->resize(int(n));
        n = ::syscall(SYS_getgroups, n, groups->data());
    }
    if (n < 0)
        return false;
    groups->resize(int(n));
    return true;
}

bool sameGroups(const QVarLengthArray<gid_t, 32> &a, const QVarLengthArray<gid_t, 32> &b)
{
    return a.size() == b.size() && std::is_permutation(a.begin(), a.end(), b.begin());
}

void verify(const FsIdentity &id, const char *what)
{
    QVarLengthArray<gid_t, 32> groups;
    if (setFsUid(uid_t(-1)) != id.uid || setFsGid(gid_t(-1)) != id.gid || !readGroups(&groups) ||
        !sameGroups(groups, id.groups))
        qFatal("guestkit: file-system identity did not hold while %s (uid %u gid %u)", what,
               unsigned(id.uid), unsigned(id.gid));
}

void setGroups(const FsIdentity &id, const char *what)
{
    if (::syscall(SYS_setgroups, size_t(id.groups.size()), id.groups.constData()) != 0)
        qFatal("guestkit: setgroups failed while %s (errno %d)", what, errno);
}

} // namespace

FsIdentityGuard::FsIdentityGuard(const FsIdentity *identity)
{
    if (identity == t_active)
        return;
    // Null inside another user's guard: back to the thread's own identity
    // (the daemon session used from within a user's run()).
    const FsIdentity *target = identity ? identity : t_own;
    const auto readCurrent = [](FsIdentity *into) {
        into->uid = setFsUid(uid_t(-1));
        into->gid = setFsGid(gid_t(-1));
        if (!readGroups(&into->groups))
            qFatal("guestkit: cannot read the thread's groups (errno %d)", errno);
    };
    if (t_active) {
        readCurrent(&m_saved); // inside another user's guard
    } else {
        if (!t_ownKnown) {
            readCurrent(&t_ownCache);
            t_ownKnown = true;
        }
        m_saved = t_ownCache;
    }
    m_previousActive = t_active;
    m_switched = true;
    // Groups and gid before the uid: the thread never holds the user's
    // fsuid together with the daemon's groups.
    const char *what = "taking a user's identity";
    setGroups(*target, what);
    setFsGid(target->gid);
    setFsUid(target->uid);
    verify(*target, what);
    if (!t_own)
        t_own = &m_saved;
    t_active = identity;
}

FsIdentityGuard::~FsIdentityGuard()
{
    if (!m_switched)
        return;
    // The uid first: it gives the thread back its file capabilities.
    const char *what = "restoring the daemon's identity";
    setFsUid(m_saved.uid);
    setFsGid(m_saved.gid);
    setGroups(m_saved, what);
    verify(m_saved, what);
    t_active = m_previousActive;
    if (t_own == &m_saved)
        t_own = nullptr;
}

const FsIdentity *FsIdentityGuard::current()
{
    return t_active;
}

uid_t currentFsUid()
{
    return setFsUid(uid_t(-1));
}

gid_t currentFsGid()
{
    return setFsGid(gid_t(-1));
}

} // namespace gk::platform::linuxos
