#include "RemoveTree.h"

#include "DirentStream.h"
#include "LinuxErrors.h"
#include "UniqueFd.h"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gk::platform::linuxos {
namespace {

// Each level holds one descriptor; deeper trees fail with TooMany rather
// than exhaust the descriptors or the stack.
constexpr int kMaxDepth = 256;

PlatformError emptyDirectory(int dirFd, const FilePath &path, int depth);

PlatformError removeEntry(int dirFd, const char *name, unsigned char type, const FilePath &dir,
                          int depth)
{
    if (type == DT_UNKNOWN) {
        struct stat st = {};
        if (::fstatat(dirFd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            return errno == ENOENT ? PlatformError{} : errnoError(errno, "stat", dir.child(name));
        type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
    }
    if (type != DT_DIR) {
        if (::unlinkat(dirFd, name, 0) == 0 || errno == ENOENT)
            return {};
        if (errno != EISDIR) // replaced by a directory since it was read
            return errnoError(errno, "delete", dir.child(name));
    }
    const FilePath childPath = dir.child(name);
    if (depth >= kMaxDepth)
        return errnoError(ELOOP, "delete directory", childPath);
    UniqueFd child(::openat(dirFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!child.isValid()) {
        // ENOTDIR/ELOOP: it became a file or symlink meanwhile; unlink that.
        if ((errno == ENOTDIR || errno == ELOOP) && ::unlinkat(dirFd, name, 0) == 0)
            return {};
        return errnoError(errno, "open directory", childPath);
    }
    if (PlatformError e = emptyDirectory(child.get(), childPath, depth + 1))
        return e;
    child.reset();
    if (::unlinkat(dirFd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        return errnoError(errno, "delete directory", childPath);
    return {};
}

PlatformError emptyDirectory(int dirFd, const FilePath &path, int depth)
{
    // Deleting while reading may make getdents skip or repeat names, so read
    // again from the start until a pass finds nothing left.
    DirentStream stream(dirFd, 16 * 1024);
    for (;;) {
        bool sawAny = false;
        DirentStream::Entry entry;
        while (stream.next(&entry)) {
            sawAny = true;
            if (PlatformError e = removeEntry(dirFd, entry.name, entry.type, path, depth))
                return e;
        }
        if (stream.error())
            return errnoError(stream.error(), "read directory", path);
        if (!sawAny)
            return {};
        stream.rewind();
    }
}

} // namespace

PlatformError removeTree(const FilePath &path)
{
    const QByteArray name = path.fileName();
    if (name.isEmpty() || name == "." || name == "..")
        return PlatformError::make(
            PlatformError::Kind::InvalidArgument, EINVAL,
            QStringLiteral("delete directory '%1': not a removable name").arg(path.toString()));
    UniqueFd parent(::open(path.parent().bytes().constData(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!parent.isValid())
        return errnoError(errno, "delete directory", path);
    UniqueFd dir(
        ::openat(parent.get(), name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.isValid())
        return errnoError(errno == ELOOP ? ENOTDIR : errno, "delete directory", path);
    if (PlatformError e = emptyDirectory(dir.get(), path, 1))
        return e;
    dir.reset();
    if (::unlinkat(parent.get(), name.constData(), AT_REMOVEDIR) != 0)
        return errnoError(errno, "delete directory", path);
    return {};
}

} // namespace gk::platform::linuxos
