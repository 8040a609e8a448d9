#pragma once

#include "VixOperation.h"

#include <atomic>
#include <chrono>
#include <optional>

namespace gk::vix::server {

// Hands a worker's reply straight to the event loop when it comes within a
// short window. The event loop, having queued a request to a worker, waits
// up to `window` for the answer instead of going back to sleep in ppoll and
// being woken by a queued call: that hand-off back costs a thread wake-up
// (20-50 us on a virtual CPU) per request, as much as the work on one HGFS
// packet. The wait is bounded, so an operation that blocks (a hung file
// system) costs the event loop the window once and then answers through the
// queued call as before; `ping` is never held up longer than the window.
class InlineReply
{
public:
    // Worker side, from the handler's `done`: true when the event loop has
    // taken `reply` (then moved from); false when it stopped waiting, and
    // the reply must go the queued way.
    bool deliver(OpReply &reply);
    // Worker side, once the handler has returned: the answer (if any is still
    // to come) will not come within the window; stop waiting for it.
    void detach();

    // Event-loop side: the reply when delivered within `window`.
    std::optional<OpReply> await(std::chrono::microseconds window);

private:
    enum State : int { Pending, Writing, Delivered, Detached };
    std::atomic<int> m_state{Pending};
    OpReply m_reply;
};

} // namespace gk::vix::server
