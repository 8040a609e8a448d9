#pragma once

// The VMX end of a sim channel connection for the benchmarks' lean drivers
// (../shared/spec/sim-channel.md): blocking, no event loop, so that a bench
// measures the daemon and not a Qt simulator on the other end.
#include <arpa/inet.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

// One end of a sim channel connection: whole frames out in one write, frames
// in through a buffer so that a read returns as many bytes as are there.
class FrameSocket
{
public:
    explicit FrameSocket(int fd) : m_fd(fd) {}

    bool send(const std::string &payload) { return send(payload.data(), payload.size()); }

    // The length and the payload in one writev: no frame copy of the payload.
    bool send(const char *data, size_t size)
    {
        const uint32_t n = htonl(uint32_t(size));
        iovec parts[2] = {{const_cast<uint32_t *>(&n), 4}, {const_cast<char *>(data), size}};
        size_t done = 0;
        while (done < 4 + size) {
            iovec *first = parts;
            int count = 2;
            size_t skip = done;
            if (skip >= 4) {
                skip -= 4;
                first = parts + 1;
                count = 1;
            }
            iovec rest[2] = {first[0], count > 1 ? first[1] : iovec{}};
            rest[0].iov_base = static_cast<char *>(rest[0].iov_base) + skip;
            rest[0].iov_len -= skip;
            const ssize_t w = ::writev(m_fd, rest, count);
            if (w <= 0) {
                if (w < 0 && errno == EINTR)
                    continue;
                return false;
            }
            done += size_t(w);
        }
        return true;
    }

    bool receive(std::string *payload)
    {
        const char *data = nullptr;
        size_t size = 0;
        if (!receive(&data, &size))
            return false;
        payload->assign(data, size);
        return true;
    }

    // The next frame's payload where it lies in the buffer: valid until the
    // next receive.
    bool receive(const char **data, size_t *size)
    {
        for (;;) {
            if (m_end - m_begin >= 4) {
                uint32_t n;
                std::memcpy(&n, m_buf.data() + m_begin, 4);
                n = ntohl(n);
                if (m_end - m_begin >= 4 + n) {
                    *data = m_buf.data() + m_begin + 4;
                    *size = n;
                    m_begin += 4 + n;
                    return true;
                }
                if (4 + n > m_buf.size())
                    m_buf.resize(4 + n);
            }
            if (m_begin > 0) {
                std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
                m_end -= m_begin;
                m_begin = 0;
            }
            const ssize_t r = ::read(m_fd, m_buf.data() + m_end, m_buf.size() - m_end);
            if (r <= 0) {
                if (r < 0 && errno == EINTR)
                    continue;
                return false;
            }
            m_end += size_t(r);
        }
    }

    int fd() const { return m_fd; }

private:
    int m_fd;
    std::vector<char> m_buf = std::vector<char>(64 * 1024);
    size_t m_begin = 0;
    size_t m_end = 0;
};

} // namespace
