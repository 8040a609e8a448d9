// UserAccount from the passwd and group databases (NSS), reentrantly.
#include "platform/UserLookup.h"

#include "LinuxErrors.h"

#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace gk::platform {
namespace {

UserAccount accountFrom(const struct passwd &pw)
{
    UserAccount user;
    user.name = QString::fromLocal8Bit(pw.pw_name);
    user.home = QString::fromLocal8Bit(pw.pw_dir);
    user.shell = QString::fromLocal8Bit(pw.pw_shell);
    user.uid = pw.pw_uid;
    user.gid = pw.pw_gid;
    // getgrouplist includes the primary group; the list can be long on
    // directory-backed systems, so grow until it fits.
    std::vector<gid_t> groups(64);
    int count = int(groups.size());
    while (getgrouplist(pw.pw_name, pw.pw_gid, groups.data(), &count) < 0 &&
           count > int(groups.size()))
        groups.resize(size_t(count));
    groups.resize(size_t(std::max(count, 0)));
    for (gid_t g : groups) {
        if (!user.groups.contains(g))
            user.groups.append(g);
    }
    if (user.groups.isEmpty())
        user.groups.append(user.gid);
    return user;
}

template <typename Lookup> Result<UserAccount> lookup(Lookup call, const QString &what)
{
    std::vector<char> buffer(4096);
    struct passwd pw, *found = nullptr;
    int rc = 0;
    while ((rc = call(&pw, buffer.data(), buffer.size(), &found)) == ERANGE &&
           buffer.size() < (1u << 20))
        buffer.resize(buffer.size() * 2);
    if (rc != 0)
        return Result<UserAccount>::failure(
            linuxos::errnoError(rc, QStringLiteral("cannot look up user %1").arg(what)));
    if (!found)
        return Result<UserAccount>::failure(PlatformError::make(
            PlatformError::Kind::NotFound, 0, QStringLiteral("no such user: %1").arg(what)));
    return Result<UserAccount>::success(accountFrom(pw));
}

} // namespace

Result<UserAccount> lookupUserByName(const QString &name)
{
    const QByteArray encoded = name.toLocal8Bit();
    return lookup(
        [&](struct passwd *pw, char *buf, size_t size, struct passwd **found) {
            return getpwnam_r(encoded.constData(), pw, buf, size, found);
        },
        name);
}

Result<UserAccount> lookupUserById(qint64 uid)
{
    if (uid < 0 || uid > qint64(UINT32_MAX - 1))
        return Result<UserAccount>::failure(PlatformError::make(
            PlatformError::Kind::NotFound, 0, QStringLiteral("no such user id: %1").arg(uid)));
    return lookup(
        [&](struct passwd *pw, char *buf, size_t size, struct passwd **found) {
            return getpwuid_r(uid_t(uid), pw, buf, size, found);
        },
        QString::number(uid));
}

Result<UserAccount> currentUser()
{
    return lookupUserById(geteuid());
}

} // namespace gk::platform
