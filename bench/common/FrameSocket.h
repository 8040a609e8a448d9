#pragma once

// The VMX end of a sim channel connection for the benchmarks' lean drivers
// (../shared/spec/sim-channel.md): blocking, no event loop, so that a bench
// measures the daemon and not a Qt simulator on the other end.
#include <arpa/inet.h>
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

    bool send(const std::string &payload)
    {
        std::string frame(4 + payload.size(), '\0');
        const uint32_t n = htonl(uint32_t(payload.size()));
        std::memcpy(frame.data(), &n, 4);
        std::memcpy(frame.data() + 4, payload.data(), payload.size());
        size_t done = 0;
        while (done < frame.size()) {
            const ssize_t w = ::write(m_fd, frame.data() + done, frame.size() - done);
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
        for (;;) {
            if (m_end - m_begin >= 4) {
                uint32_t n;
                std::memcpy(&n, m_buf.data() + m_begin, 4);
                n = ntohl(n);
                if (m_end - m_begin >= 4 + n) {
                    payload->assign(m_buf.data() + m_begin + 4, n);
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
