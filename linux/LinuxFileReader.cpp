#include "LinuxFileReader.h"

#include "LinuxErrors.h"
#include "LinuxStat.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gk::platform::linuxos {

Result<std::unique_ptr<FileReader>> LinuxFileReader::open(const FilePath &path)
{
    using R = Result<std::unique_ptr<FileReader>>;
    // O_NONBLOCK so that opening a FIFO cannot hang the worker.
    UniqueFd fd(::open(path.bytes().constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd.isValid())
        return R::failure(errnoError(errno, "open", path));
    struct stat st = {};
    if (::fstat(fd.get(), &st) != 0)
        return R::failure(errnoError(errno, "open", path));
    if (S_ISDIR(st.st_mode))
        return R::failure(errnoError(EISDIR, "open", path));
    if (!S_ISREG(st.st_mode))
        return R::failure(PlatformError::make(
            PlatformError::Kind::InvalidArgument, EINVAL,
            QStringLiteral("open '%1': not a regular file").arg(path.toString())));
    // O_NONBLOCK stays: it does not change reads of a regular file, and
    // clearing it would cost two more system calls per file (archives of
    // many small files).
    return R::success(std::unique_ptr<FileReader>(new LinuxFileReader(std::move(fd), path)));
}

Result<QByteArray> LinuxFileReader::read(qint64 offset, qint64 maxBytes)
{
    if (offset < 0 || maxBytes < 0 || maxBytes > kMaxChunk)
        return Result<QByteArray>::failure(PlatformError::make(
            PlatformError::Kind::InvalidArgument, EINVAL,
            QStringLiteral("read '%1': offset or length out of range").arg(m_path.toString())));
    QByteArray data(int(maxBytes), Qt::Uninitialized);
    qint64 got = 0;
    while (got < maxBytes) {
        const ssize_t n =
            ::pread(m_fd.get(), data.data() + got, size_t(maxBytes - got), off_t(offset + got));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Result<QByteArray>::failure(errnoError(errno, "read", m_path));
        }
        if (n == 0)
            break;
        got += n;
    }
    data.truncate(int(got));
    return Result<QByteArray>::success(std::move(data));
}

Result<qint64> LinuxFileReader::measure(qint64 cap)
{
    // Only while nobody else reads (the flag belongs to the open file).
    const int flags = ::fcntl(m_fd.get(), F_GETFL);
    ::fcntl(m_fd.get(), F_SETFL, flags | O_NONBLOCK);
    Result<qint64> r = FileReader::measure(cap);
    ::fcntl(m_fd.get(), F_SETFL, flags);
    return r;
}

Result<FileInfo> LinuxFileReader::info()
{
    StatResult r = statAt(m_fd.get(), "", m_path.fileName(), true);
    if (r.error)
        return Result<FileInfo>::failure(errnoError(r.error, "stat", m_path));
    return Result<FileInfo>::success(std::move(r.info));
}

} // namespace gk::platform::linuxos
