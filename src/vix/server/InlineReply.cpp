#include "InlineReply.h"

#include "SpinPause.h"

namespace gk::vix::server {

bool InlineReply::deliver(OpReply &reply)
{
    int expected = Pending;
    if (!m_state.compare_exchange_strong(expected, Writing, std::memory_order_acquire))
        return false;
    m_reply = std::move(reply);
    m_state.store(Delivered, std::memory_order_release);
    return true;
}

void InlineReply::detach()
{
    int expected = Pending;
    m_state.compare_exchange_strong(expected, Detached);
}

std::optional<OpReply> InlineReply::await(std::chrono::microseconds window)
{
    const auto deadline = std::chrono::steady_clock::now() + window;
    for (unsigned i = 0;; ++i) {
        const int state = m_state.load(std::memory_order_acquire);
        if (state == Delivered)
            return std::move(m_reply);
        if (state == Detached)
            return std::nullopt;
        // Writing: the reply is being moved in; a moment more.
        if (state == Pending && (i & 31) == 0 && std::chrono::steady_clock::now() >= deadline) {
            int expected = Pending;
            if (m_state.compare_exchange_strong(expected, Detached))
                return std::nullopt;
        }
        spinYield(i);
    }
}

} // namespace gk::vix::server
