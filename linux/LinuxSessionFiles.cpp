#include "LinuxSessionFiles.h"

#include "CrossDeviceMove.h"
#include "LinuxAtomicFileWriter.h"
#include "LinuxDirectoryLister.h"
#include "LinuxErrors.h"
#include "LinuxFileReader.h"
#include "LinuxGuestSession.h"
#include "LinuxStat.h"
#include "RemoveTree.h"
#include "SafeTempDir.h"
#include "TempName.h"
#include "UniqueFd.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gk::platform::linuxos {
namespace {

using K = PlatformError::Kind;

PlatformError invalid(const char *op, const FilePath &path, const QString &why)
{
    return PlatformError::make(
        K::InvalidArgument, EINVAL,
        QStringLiteral("%1 '%2': %3").arg(QLatin1String(op), path.toString(), why));
}

// A path the kernel can take: not empty and without NUL bytes (which would
// silently cut it short).
bool usable(const FilePath &path)
{
    return !path.isEmpty() && !path.bytes().contains('\0');
}

PlatformError badPath(const char *op, const FilePath &path)
{
    return PlatformError::make(K::InvalidName, EINVAL,
                               QStringLiteral("%1 '%2': empty path or NUL byte in it")
                                   .arg(QLatin1String(op), path.toString()));
}

PlatformError makeParents(const FilePath &path, quint32 mode)
{
    // Walk down from the root: each existing directory is fine, a
    // non-directory on the way fails with NotADirectory.
    const QByteArray &bytes = path.bytes();
    for (qsizetype i = 1; i <= bytes.size(); ++i) {
        if (i < bytes.size() && bytes.at(i) != '/')
            continue;
        if (bytes.at(i - 1) == '/')
            continue;
        const QByteArray prefix = bytes.left(i);
        if (::mkdir(prefix.constData(), mode) == 0)
            continue;
        int err = errno;
        if (err == EEXIST) {
            // Something is there: a directory (or a link to one) to go on
            // through, a non-directory, or a link that cannot be followed
            // (ELOOP for a symlink loop, as mkdir -p reports it).
            struct stat st = {};
            if (::stat(prefix.constData(), &st) != 0)
                err = errno;
            else if (S_ISDIR(st.st_mode))
                continue;
            else
                err = ENOTDIR;
        }
        return errnoError(err, "mkdir", FilePath::fromBytes(prefix));
    }
    return {};
}

PlatformError moveEntry(const FilePath &from, const FilePath &to, const MoveOptions &options)
{
    const char *src = from.bytes().constData();
    const char *dst = to.bytes().constData();
    if (::renameat2(AT_FDCWD, src, AT_FDCWD, dst, options.overwrite ? 0 : RENAME_NOREPLACE) == 0)
        return {};
    int err = errno;
    if (err == EINVAL && !options.overwrite) {
        // A file system without RENAME_NOREPLACE: check, then rename. The
        // window between the two is the best such a file system allows.
        struct stat st = {};
        if (::lstat(dst, &st) == 0)
            return errnoError(EEXIST, "move", from, to);
        if (::rename(src, dst) == 0)
            return {};
        err = errno;
    }
    // Replacing a non-empty directory reports EEXIST on some file systems.
    if (options.overwrite && err == EEXIST)
        err = ENOTEMPTY;
    return errnoError(err, "move", from, to);
}

} // namespace

PlatformError applyAttributeChange(const FilePath &path, const AttributeChange &change, int fd)
{
    const char *p = path.bytes().constData();
    if (change.hidden || change.readOnly)
        return PlatformError::make(
            K::NotSupported, EOPNOTSUPP,
            QStringLiteral("change attributes '%1': hidden and read-only are Windows attributes")
                .arg(path.toString()));
    if ((change.owner && change.owner->id < 0) || (change.group && change.group->id < 0))
        return invalid("chown", path, QStringLiteral("owner or group without a numeric id"));
    if (change.owner || change.group) {
        const uid_t uid = change.owner ? uid_t(change.owner->id) : uid_t(-1);
        const gid_t gid = change.group ? gid_t(change.group->id) : gid_t(-1);
        if ((fd >= 0 ? ::fchown(fd, uid, gid) : ::fchownat(AT_FDCWD, p, uid, gid, 0)) != 0)
            return errnoError(errno, "chown", path);
    }
    if (change.mode) {
        const mode_t mode = mode_t(*change.mode & 07777);
        if ((fd >= 0 ? ::fchmod(fd, mode) : ::fchmodat(AT_FDCWD, p, mode, 0)) != 0)
            return errnoError(errno, "chmod", path);
    }
    if (change.accessed || change.modified) {
        timespec times[2];
        const std::optional<qint64> values[2] = {change.accessed, change.modified};
        for (int i = 0; i < 2; ++i) {
            if (values[i]) {
                times[i].tv_sec = time_t(*values[i] / 1000000000);
                times[i].tv_nsec = long(*values[i] % 1000000000);
                if (times[i].tv_nsec < 0) {
                    times[i].tv_nsec += 1000000000;
                    times[i].tv_sec -= 1;
                }
            } else {
                times[i].tv_sec = 0;
                times[i].tv_nsec = UTIME_OMIT;
            }
        }
        if ((fd >= 0 ? ::futimens(fd, times) : ::utimensat(AT_FDCWD, p, times, 0)) != 0)
            return errnoError(errno, "set times", path);
    }
    return {};
}

Result<FileInfo> LinuxSessionFiles::stat(const FilePath &path, bool followSymlinks)
{
    if (!usable(path))
        return Result<FileInfo>::failure(badPath("stat", path));
    return m_session.run([&] {
        StatResult r = statAt(AT_FDCWD, path.bytes().constData(), path.fileName(), followSymlinks);
        if (r.error)
            return Result<FileInfo>::failure(errnoError(r.error, "stat", path));
        return Result<FileInfo>::success(std::move(r.info));
    });
}

Result<std::unique_ptr<DirectoryLister>>
LinuxSessionFiles::list(const FilePath &directory, const QRegularExpression &nameFilter)
{
    using R = Result<std::unique_ptr<DirectoryLister>>;
    if (!usable(directory))
        return R::failure(badPath("list", directory));
    if (!nameFilter.isValid())
        return R::failure(
            invalid("list", directory,
                    QStringLiteral("bad name filter: %1").arg(nameFilter.errorString())));
    return m_session.run([&]() -> R {
        UniqueFd fd(::open(directory.bytes().constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fd.isValid())
            return R::failure(errnoError(errno, "list", directory));
        return R::success(std::make_unique<LinuxDirectoryLister>(
            m_session.shared_from_this(), std::move(fd), directory, nameFilter));
    });
}

PlatformError LinuxSessionFiles::makeDirectory(const FilePath &path, bool parents, quint32 mode)
{
    if (!usable(path))
        return badPath("mkdir", path);
    return m_session.run([&]() -> PlatformError {
        if (parents)
            return makeParents(path, mode_t(mode & 07777));
        if (::mkdir(path.bytes().constData(), mode_t(mode & 07777)) != 0)
            return errnoError(errno, "mkdir", path);
        return {};
    });
}

PlatformError LinuxSessionFiles::makeSymlink(const FilePath &path, const QByteArray &target)
{
    if (!usable(path))
        return badPath("symlink", path);
    if (target.isEmpty() || target.contains('\0'))
        return PlatformError::make(
            PlatformError::Kind::InvalidArgument, 0,
            QStringLiteral("symlink %1: empty or invalid target").arg(path.toString()));
    return m_session.run([&]() -> PlatformError {
        if (::symlink(target.constData(), path.bytes().constData()) != 0)
            return errnoError(errno, "symlink", path);
        return {};
    });
}

PlatformError LinuxSessionFiles::removeFile(const FilePath &path)
{
    if (!usable(path))
        return badPath("delete", path);
    return m_session.run([&]() -> PlatformError {
        if (::unlink(path.bytes().constData()) != 0)
            return errnoError(errno, "delete", path);
        return {};
    });
}

PlatformError LinuxSessionFiles::checkWritable(const FilePath &path)
{
    if (!usable(path))
        return badPath("check access", path);
    return m_session.run([&]() -> PlatformError {
        // AT_EACCESS: the check uses the thread's file-system identity (the
        // session user), where plain access() would use the daemon's real uid.
        if (::faccessat(AT_FDCWD, path.bytes().constData(), W_OK, AT_EACCESS) != 0)
            return errnoError(errno, "check access", path);
        return {};
    });
}

PlatformError LinuxSessionFiles::removeDirectory(const FilePath &path, RemoveMode mode)
{
    if (!usable(path))
        return badPath("delete directory", path);
    return m_session.run([&]() -> PlatformError {
        if (mode == RemoveMode::Recursive)
            return removeTree(path);
        if (::rmdir(path.bytes().constData()) != 0)
            return errnoError(errno == EEXIST ? ENOTEMPTY : errno, "delete directory", path);
        return {};
    });
}

PlatformError LinuxSessionFiles::move(const FilePath &from, const FilePath &to,
                                      const MoveOptions &options)
{
    if (!usable(from) || !usable(to))
        return badPath("move", usable(from) ? to : from);
    return m_session.run([&] {
        PlatformError e = moveEntry(from, to, options);
        if (e.kind == K::CrossDevice)
            return moveFileAcrossDevices(m_session.shared_from_this(), from, to, options);
        return e;
    });
}

Result<FilePath> LinuxSessionFiles::createTemporary(const TempRequest &request)
{
    TempRequest resolved = request;
    if (resolved.directory.isEmpty())
        resolved.directory = tempDirectory();
    return m_session.run([&] { return createTempEntry(resolved); });
}

PlatformError LinuxSessionFiles::changeAttributes(const FilePath &path,
                                                  const AttributeChange &change)
{
    if (!usable(path))
        return badPath("change attributes", path);
    return m_session.run([&] { return applyAttributeChange(path, change); });
}

Result<std::unique_ptr<FileReader>> LinuxSessionFiles::openRead(const FilePath &path)
{
    if (!usable(path))
        return Result<std::unique_ptr<FileReader>>::failure(badPath("open", path));
    return m_session.run([&] { return LinuxFileReader::open(path); });
}

Result<std::unique_ptr<AtomicFileWriter>> LinuxSessionFiles::openWrite(const FilePath &path,
                                                                       const WriteOptions &options)
{
    if (!usable(path))
        return Result<std::unique_ptr<AtomicFileWriter>>::failure(badPath("create", path));
    return m_session.run(
        [&] { return LinuxAtomicFileWriter::open(m_session.shared_from_this(), path, options); });
}

FilePath LinuxSessionFiles::tempDirectory() const
{
    // As vmtoolsd for a temporary file with no directory (vixTools.c,
    // VixToolsGetTempFile -> File_GetSafeRandomTmpDir(TRUE), see
    // SafeTempDir.h): a 0700 directory of the user's own in /tmp (or the
    // daemon's $TMPDIR), not the shared /tmp itself, remembered while the
    // session lives and checked (or made again) on every use.
    const UserAccount &user = m_session.user();
    std::lock_guard lock(m_tempMutex);
    const QByteArray dir = m_session.run([&] {
        if (!m_tempDir.isEmpty() && acceptableSafeTempDir(m_tempDir, user.uid))
            return m_tempDir;
        return findOrCreateSafeTempDir(tempBaseCandidates(QFile::encodeName(user.home)),
                                       QFile::encodeName(user.name), user.uid, qint64(::getpid()));
    });
    if (dir.isEmpty()) // no base the user may write: createTemporary reports /tmp's error
        return FilePath::fromBytes(QByteArrayLiteral("/tmp"));
    m_tempDir = dir;
    return FilePath::fromBytes(dir);
}

} // namespace gk::platform::linuxos
