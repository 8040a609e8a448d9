#include "SafeTempDir.h"

#include "DirentStream.h"
#include "UniqueFd.h"

#include <QRandomGenerator>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gk::platform::linuxos {
namespace {

// FileTryDir: a directory the caller may write and search. AT_EACCESS checks
// with the thread's file-system identity, not the daemon's real uid.
bool usableBase(const QByteArray &path)
{
    struct stat st = {};
    return !path.isEmpty() && path.startsWith('/') && ::stat(path.constData(), &st) == 0 &&
           S_ISDIR(st.st_mode) &&
           ::faccessat(AT_FDCWD, path.constData(), W_OK | X_OK, AT_EACCESS) == 0;
}

QByteArray join(const QByteArray &directory, const QByteArray &name)
{
    return directory.endsWith('/') ? directory + name : directory + '/' + name;
}

} // namespace

QByteArrayList tempBaseCandidates(const QByteArray &home)
{
    QByteArrayList candidates;
    if (const char *tmpdir = std::getenv("TMPDIR"))
        candidates.append(QByteArray(tmpdir));
    candidates.append(QByteArray(P_tmpdir));
    candidates.append(QByteArrayLiteral("/tmp"));
    candidates.append(home);
    candidates.append(QByteArrayLiteral("/"));
    return candidates;
}

QByteArray safeTempPrefix(const QByteArray &userName, qint64 uid, qint64 pid)
{
    const QByteArray user = userName.isEmpty() ? "uid_" + QByteArray::number(uid) : userName;
    return "vmware-" + user + '_' + QByteArray::number(pid) + '-';
}

bool acceptableSafeTempDir(const QByteArray &path, qint64 uid)
{
    if (::mkdir(path.constData(), 0700) == 0)
        return true;
    if (errno != EEXIST)
        return false;
    struct stat st = {};
    return ::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode) && qint64(st.st_uid) == uid &&
           (st.st_mode & 05777) == 0700;
}

QByteArray findOrCreateSafeTempDir(const QByteArrayList &bases, const QByteArray &userName,
                                   qint64 uid, qint64 pid)
{
    QByteArray base;
    for (const QByteArray &candidate : bases) {
        if (usableBase(candidate)) {
            base = candidate;
            break;
        }
    }
    if (base.isEmpty())
        return {};
    const QByteArray prefix = safeTempPrefix(userName, uid, pid);
    // One this process made for the user before (the daemon restarted with
    // the same pid, or the cache was dropped with its session).
    UniqueFd dir(::open(base.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.isValid()) {
        DirentStream entries(dir.get(), 16 * 1024);
        DirentStream::Entry entry;
        while (entries.next(&entry)) {
            const QByteArray name(entry.name);
            if (name.startsWith(prefix) && acceptableSafeTempDir(join(base, name), uid))
                return join(base, name);
        }
    }
    for (int attempt = 0; attempt <= 250; ++attempt) {
        const QByteArray path =
            join(base, prefix + QByteArray::number(QRandomGenerator::system()->generate()));
        if (acceptableSafeTempDir(path, uid))
            return path;
    }
    return {};
}

} // namespace gk::platform::linuxos
