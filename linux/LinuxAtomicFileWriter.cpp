#include "LinuxAtomicFileWriter.h"

#include "LinuxErrors.h"
#include "LinuxGuestSession.h"
#include "LinuxSessionFiles.h"
#include "ReplacedFile.h"
#include "TempName.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace gk::platform::linuxos {
namespace {

QByteArray hiddenTempName()
{
    return QByteArrayLiteral(".guestkit-") + randomName(16) + QByteArrayLiteral(".part");
}

} // namespace

Result<std::unique_ptr<AtomicFileWriter>>
LinuxAtomicFileWriter::open(std::shared_ptr<LinuxGuestSession> session, const FilePath &path,
                            const WriteOptions &options)
{
    using R = Result<std::unique_ptr<AtomicFileWriter>>;
    std::unique_ptr<LinuxAtomicFileWriter> w(new LinuxAtomicFileWriter);
    w->m_session = std::move(session);
    w->m_path = path;
    w->m_name = path.fileName();
    w->m_overwrite = options.overwrite;
    w->m_durable = options.durable;
    w->m_onCommit = options.onCommit;
    if (w->m_name.isEmpty() || w->m_name == "." || w->m_name == "..")
        return R::failure(errnoError(EISDIR, "create", path));
    if (options.createInPlace) {
        // The caller's private directory: the file takes its name now, and
        // the name is new (O_EXCL, O_NOFOLLOW: nothing there is replaced or
        // followed). Four calls a file fewer than the unnamed file and its
        // link, which an archive of small files feels.
        w->m_inPlace = true;
        w->m_overwrite = false;
        w->m_fd.reset(::open(path.bytes().constData(),
                             O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                             mode_t(options.mode & 07777)));
        if (!w->m_fd.isValid())
            return R::failure(errnoError(errno, "create", path));
        if (!options.onCommit || !options.onCommit->mode)
            ::fchmod(w->m_fd.get(), mode_t(options.mode & 07777)); // past the umask
        return R::success(std::move(w));
    }
    // O_PATH: creating needs write and search permission on the directory,
    // not read permission.
    w->m_dirFd.reset(::open(path.parent().bytes().constData(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!w->m_dirFd.isValid())
        return R::failure(errnoError(errno, "create", path));

    mode_t mode = mode_t(options.mode & 07777);
    struct stat st = {};
    if (::fstatat(w->m_dirFd.get(), w->m_name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (!options.overwrite)
            return R::failure(errnoError(EEXIST, "create", path));
        if (S_ISDIR(st.st_mode))
            return R::failure(errnoError(EISDIR, "create", path));
        if (S_ISREG(st.st_mode))
            mode = st.st_mode & 07777;
    } else if (errno != ENOENT) {
        return R::failure(errnoError(errno, "create", path));
    }

    if (s_unnamedFiles.load(std::memory_order_relaxed))
        w->m_fd.reset(::openat(w->m_dirFd.get(), ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, mode));
    else
        errno = EOPNOTSUPP;
    if (!w->m_fd.isValid() && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        for (int attempt = 0; attempt < 10 && !w->m_fd.isValid(); ++attempt) {
            w->m_tempName = hiddenTempName();
            w->m_fd.reset(::openat(w->m_dirFd.get(), w->m_tempName.constData(),
                                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
            if (!w->m_fd.isValid() && errno != EEXIST)
                break;
        }
        if (!w->m_fd.isValid())
            w->m_tempName.clear();
    }
    if (!w->m_fd.isValid())
        return R::failure(errnoError(errno, "create", path));
    // The daemon's umask must not narrow the mode the caller asked for.
    ::fchmod(w->m_fd.get(), mode);
    return R::success(std::move(w));
}

std::atomic<bool> LinuxAtomicFileWriter::s_unnamedFiles{true};

void LinuxAtomicFileWriter::setUnnamedFilesEnabled(bool enabled)
{
    s_unnamedFiles = enabled;
}

LinuxAtomicFileWriter::~LinuxAtomicFileWriter()
{
    abort();
}

PlatformError LinuxAtomicFileWriter::closedError() const
{
    return PlatformError::make(
        PlatformError::Kind::InvalidArgument, EBADF,
        QStringLiteral("write '%1': the writer is closed").arg(m_path.toString()));
}

PlatformError LinuxAtomicFileWriter::write(const QByteArray &data)
{
    if (!m_fd.isValid())
        return closedError();
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(m_fd.get(), data.constData() + done, size_t(data.size() - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const PlatformError e = errnoError(errno, "write", m_path);
            abort();
            return e;
        }
        done += n;
    }
    m_written += done;
    // A durable commit waits in fdatasync() until every byte is on disk. Start
    // the write-back of each full stretch now, while the rest still arrives,
    // so that the commit waits for the last stretch only and not for the
    // whole file (a 256 MiB upload spent a third of its time in the final
    // fdatasync). Only a start: a failure shows in that fdatasync.
    if (m_durable && m_written - m_writebackStarted >= kWritebackStretch) {
        ::sync_file_range(m_fd.get(), m_writebackStarted, m_written - m_writebackStarted,
                          SYNC_FILE_RANGE_WRITE);
        m_writebackStarted = m_written;
    }
    return {};
}

PlatformError LinuxAtomicFileWriter::linkInto(const QByteArray &name)
{
    // An O_TMPFILE file gets its first name through /proc/self/fd, which
    // needs no capability (AT_EMPTY_PATH would need CAP_DAC_READ_SEARCH).
    const QByteArray procPath = "/proc/self/fd/" + QByteArray::number(m_fd.get());
    if (::linkat(AT_FDCWD, procPath.constData(), m_dirFd.get(), name.constData(),
                 AT_SYMLINK_FOLLOW) != 0)
        return errnoError(errno, "create", m_path);
    return {};
}

PlatformError LinuxAtomicFileWriter::finish()
{
    if (m_onCommit)
        if (const PlatformError e = applyAttributeChange(m_path, *m_onCommit, m_fd.get()))
            return e;
    if (m_durable && ::fdatasync(m_fd.get()) != 0)
        return errnoError(errno, "write", m_path);
    if (m_inPlace)
        return {};
    const char *target = m_name.constData();
    if (!m_overwrite && m_tempName.isEmpty())
        return linkInto(m_name);
    // A large file the rename replaces is freed after it, on another thread.
    std::optional<ReplacedFile> replaced;
    if (m_overwrite)
        replaced.emplace(m_dirFd.get(), m_name);
    if (m_tempName.isEmpty()) {
        for (int attempt = 0; attempt < 10; ++attempt) {
            const QByteArray temp = hiddenTempName();
            PlatformError e = linkInto(temp);
            if (e.nativeCode == EEXIST)
                continue;
            if (e)
                return e;
            if (::renameat(m_dirFd.get(), temp.constData(), m_dirFd.get(), target) == 0) {
                if (replaced)
                    replaced->release();
                return {};
            }
            const int err = errno;
            ::unlinkat(m_dirFd.get(), temp.constData(), 0);
            return errnoError(err, "create", m_path);
        }
        return errnoError(EEXIST, "create", m_path);
    }
    const unsigned flags = m_overwrite ? 0 : RENAME_NOREPLACE;
    if (::renameat2(m_dirFd.get(), m_tempName.constData(), m_dirFd.get(), target, flags) == 0) {
        m_tempName.clear();
        if (replaced)
            replaced->release();
        return {};
    }
    return errnoError(errno, "create", m_path);
}

PlatformError LinuxAtomicFileWriter::commit()
{
    if (!m_fd.isValid())
        return closedError();
    const PlatformError e = m_session->run([this] { return finish(); });
    if (e)
        abort();
    else
        m_fd.reset();
    return e;
}

void LinuxAtomicFileWriter::abort()
{
    if (!m_fd.isValid())
        return;
    m_fd.reset();
    if (m_inPlace) {
        m_session->run([this] { ::unlink(m_path.bytes().constData()); });
        m_inPlace = false;
    }
    if (!m_tempName.isEmpty()) {
        m_session->run([this] { ::unlinkat(m_dirFd.get(), m_tempName.constData(), 0); });
        m_tempName.clear();
    }
}

} // namespace gk::platform::linuxos
