#include "PipeDevice.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace gk::platform::linuxos {

PipeDevice::PipeDevice(int fd, OpenMode mode) : m_fd(fd)
{
    QIODevice::open(mode | QIODevice::Unbuffered);
}

PipeDevice::~PipeDevice()
{
    PipeDevice::close();
}

void PipeDevice::close()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_eof = true;
    QIODevice::close();
}

qint64 PipeDevice::readData(char *data, qint64 maxSize)
{
    if (m_fd < 0 || m_eof || maxSize <= 0)
        return m_eof ? 0 : -1;
    while (true) {
        const ssize_t n = ::read(m_fd, data, size_t(maxSize));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            setErrorString(QString::fromLocal8Bit(std::strerror(errno)));
            return -1;
        }
        if (n == 0)
            m_eof = true;
        return n;
    }
}

qint64 PipeDevice::writeData(const char *data, qint64 size)
{
    if (m_fd < 0)
        return -1;
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::write(m_fd, data + done, size_t(size - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            setErrorString(QString::fromLocal8Bit(std::strerror(errno)));
            return done > 0 ? done : -1;
        }
        done += n;
    }
    return done;
}

} // namespace gk::platform::linuxos
