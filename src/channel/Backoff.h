#pragma once

namespace gk::channel {

// Reconnect delays of the sim channel spec: start at 100 ms, double, cap at 5 s.
class Backoff
{
public:
    constexpr Backoff(int firstMs = 100, int capMs = 5000) : m_first(firstMs), m_cap(capMs) {}
    // The delay before the next attempt; each call doubles the following one.
    int nextDelayMs()
    {
        const int delay = m_next == 0 ? m_first : m_next;
        m_next = delay >= m_cap / 2 ? m_cap : delay * 2;
        return delay;
    }
    void reset() { m_next = 0; }

private:
    int m_first;
    int m_cap;
    int m_next = 0;
};

} // namespace gk::channel
