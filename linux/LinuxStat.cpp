#include "LinuxStat.h"

#include "IdNameCache.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

namespace gk::platform::linuxos {
namespace {

FileType typeOf(quint32 mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG:
        return FileType::Regular;
    case S_IFDIR:
        return FileType::Directory;
    case S_IFLNK:
        return FileType::Symlink;
    case S_IFCHR:
        return FileType::CharDevice;
    case S_IFBLK:
        return FileType::BlockDevice;
    case S_IFIFO:
        return FileType::Fifo;
    case S_IFSOCK:
        return FileType::Socket;
    default:
        return FileType::Unknown;
    }
}

qint64 nanos(const statx_timestamp &t)
{
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

QByteArray linkTarget(int dirFd, const char *path, qint64 sizeHint)
{
    // st_size of a link is its target's length, except on /proc and
    // friends where it is 0; grow the buffer until the target fits.
    std::vector<char> buf(size_t(qBound<qint64>(256, sizeHint + 1, 1 << 16)));
    for (;;) {
        const ssize_t n = ::readlinkat(dirFd, path, buf.data(), buf.size());
        if (n < 0)
            return {};
        if (size_t(n) < buf.size())
            return QByteArray(buf.data(), int(n));
        if (buf.size() >= (1u << 20))
            return {};
        buf.resize(buf.size() * 2);
    }
}

} // namespace

StatResult statAt(int dirFd, const char *path, const QByteArray &name, bool followSymlinks,
                  OwnerNameMemo *memo)
{
    StatResult r;
    struct statx st = {};
    int flags = AT_NO_AUTOMOUNT | (followSymlinks ? 0 : AT_SYMLINK_NOFOLLOW);
    if (path[0] == '\0')
        flags |= AT_EMPTY_PATH;
    if (::statx(dirFd, path, flags, STATX_BASIC_STATS | STATX_BTIME, &st) != 0) {
        r.error = errno;
        return r;
    }
    FileInfo &info = r.info;
    info.name = name;
    info.type = typeOf(st.stx_mode);
    info.size = qint64(st.stx_size);
    info.mode = quint32(st.stx_mode & 07777);
    info.times.accessed = nanos(st.stx_atime);
    info.times.modified = nanos(st.stx_mtime);
    info.times.changed = nanos(st.stx_ctime);
    if (st.stx_mask & STATX_BTIME)
        info.times.created = nanos(st.stx_btime);
    OwnerNameMemo local;
    OwnerNameMemo &names = memo ? *memo : local;
    if (names.uid != qint64(st.stx_uid)) {
        names.uid = st.stx_uid;
        names.user = userNameOf(st.stx_uid);
    }
    if (names.gid != qint64(st.stx_gid)) {
        names.gid = st.stx_gid;
        names.group = groupNameOf(st.stx_gid);
    }
    info.owner.id = names.uid;
    info.owner.name = names.user;
    info.group.id = names.gid;
    info.group.name = names.group;
    info.hidden = name.startsWith('.') && name != "." && name != "..";
    if (info.type == FileType::Symlink)
        info.symlinkTarget = linkTarget(dirFd, path, info.size);
    return r;
}

} // namespace gk::platform::linuxos
