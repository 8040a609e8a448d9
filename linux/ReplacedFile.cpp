#include "ReplacedFile.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <system_error>
#include <thread>

namespace gk::platform::linuxos {

ReplacedFile::ReplacedFile(int dirFd, const QByteArray &name)
{
    UniqueFd fd(::openat(dirFd, name.constData(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    struct stat st;
    if (!fd.isValid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
        qint64(st.st_blocks) * 512 < kWorthDeferring)
        return;
    m_fd = std::move(fd);
}

void ReplacedFile::release()
{
    if (!m_fd.isValid())
        return;
    try {
        std::thread([fd = std::move(m_fd)]() mutable { fd.reset(); }).detach();
    } catch (const std::system_error &) {
        // No thread to be had: the descriptor, moved into the callable, was
        // closed with it, here, as the rename would have freed the file.
    }
}

} // namespace gk::platform::linuxos
