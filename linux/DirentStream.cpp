#include "DirentStream.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <unistd.h>

namespace gk::platform::linuxos {

DirentStream::DirentStream(int dirFd, int bufferSize) : m_fd(dirFd), m_buffer(bufferSize, '\0') {}

bool DirentStream::next(Entry *entry)
{
    for (;;) {
        if (m_pos >= m_used) {
            if (m_end || m_error)
                return false;
            const ssize_t n = ::getdents64(m_fd, m_buffer.data(), size_t(m_buffer.size()));
            if (n < 0) {
                m_error = errno;
                return false;
            }
            if (n == 0) {
                m_end = true;
                return false;
            }
            m_used = int(n);
            m_pos = 0;
        }
        // The kernel fills whole records; d_reclen is checked all the same
        // so a bad value can never walk past the buffer.
        const auto *d = reinterpret_cast<const dirent64 *>(m_buffer.constData() + m_pos);
        if (d->d_reclen == 0 || m_pos + d->d_reclen > m_used) {
            m_error = EIO;
            return false;
        }
        m_pos += d->d_reclen;
        const qint64 position = m_position;
        m_position = qint64(d->d_off);
        if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0)
            continue;
        entry->name = d->d_name;
        entry->type = d->d_type;
        entry->position = position;
        return true;
    }
}

void DirentStream::rewind()
{
    seek(0);
}

bool DirentStream::seek(qint64 position)
{
    m_used = m_pos = 0;
    m_end = false;
    m_position = position;
    errno = 0;
    m_error = ::lseek(m_fd, position, SEEK_SET) == position ? 0 : (errno ? errno : EINVAL);
    return m_error == 0;
}

void DirentStream::finish()
{
    m_used = m_pos = 0;
    m_end = true;
}

} // namespace gk::platform::linuxos
