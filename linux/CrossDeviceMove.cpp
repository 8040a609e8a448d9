#include "CrossDeviceMove.h"

#include "LinuxAtomicFileWriter.h"
#include "LinuxErrors.h"
#include "UniqueFd.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gk::platform::linuxos {
namespace {

constexpr int kChunk = 1 << 20;

} // namespace

PlatformError moveFileAcrossDevices(const std::shared_ptr<LinuxGuestSession> &session,
                                    const FilePath &from, const FilePath &to,
                                    const MoveOptions &options)
{
    UniqueFd source(::open(from.bytes().constData(),
                           O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!source.isValid())
        return errnoError(errno == ELOOP ? EXDEV : errno, "move", from, to);
    struct stat st = {};
    if (::fstat(source.get(), &st) != 0)
        return errnoError(errno, "move", from, to);
    if (!S_ISREG(st.st_mode))
        return errnoError(EXDEV, "move", from, to);

    WriteOptions write;
    write.overwrite = options.overwrite;
    write.mode = st.st_mode & 07777;
    auto writer = LinuxAtomicFileWriter::open(session, to, write);
    if (!writer.ok())
        return writer.error;
    QByteArray buffer(kChunk, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(source.get(), buffer.data(), size_t(buffer.size()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errnoError(errno, "move", from, to);
        if (n == 0)
            break;
        if (PlatformError e =
                writer.value->write(QByteArray::fromRawData(buffer.constData(), int(n))))
            return e;
    }
    if (PlatformError e = writer.value->commit())
        return e;
    // An overwritten target kept its own mode in the writer; a moved file
    // has the source's. Times as mv keeps them.
    const timespec times[2] = {st.st_atim, st.st_mtim};
    if (::fchmodat(AT_FDCWD, to.bytes().constData(), st.st_mode & 07777, 0) != 0 ||
        ::utimensat(AT_FDCWD, to.bytes().constData(), times, 0) != 0)
        return errnoError(errno, "move", from, to);
    if (::unlink(from.bytes().constData()) != 0)
        return errnoError(errno, "move (delete the source)", from, to);
    return {};
}

} // namespace gk::platform::linuxos
