#pragma once

#include "VixOperation.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>

class QObject;
class QThread;

namespace gk::vix::server {

// Hands a worker's reply straight to the event loop when it comes within a
// short window. The event loop, having queued a request to a worker, waits
// up to `window` for the answer instead of going back to sleep in ppoll and
// being woken by a queued call: that hand-off back costs a thread wake-up
// (20-50 us on a virtual CPU) per request, as much as the work on one HGFS
// packet. The wait is bounded, so an operation that blocks (a hung file
// system) costs the event loop the window once and then answers through the
// queued call as before; `ping` is never held up longer than the window.
//
// What a worker hands over may also be work for the event loop instead of
// the reply (StartProgram's start through the event loop's ProcessManager,
// after the checks as the user on the worker): the waiting event loop runs
// it at once, and the reply it gives goes out from there.
class InlineReply
{
public:
    // What await() brings back: a reply, or work to run on the event loop
    // (which answers the request itself, through the handler's `done`).
    struct Handed
    {
        std::optional<OpReply> reply;
        std::function<void()> work;
    };

    // Worker side, from the handler's `done`: true when the event loop has
    // taken `reply` (then moved from); false when it stopped waiting, and
    // the reply must go the queued way.
    bool deliver(OpReply &reply);
    // Worker side, once the handler has returned: the answer (if any is still
    // to come) will not come within the window; stop waiting for it.
    void detach();

    // Event-loop side: what was handed over within `window`, if anything.
    std::optional<Handed> await(std::chrono::microseconds window);

    // Marks the calling worker thread, while the handler runs, as one whose
    // event loop may be waiting on `inlineReply` (null: none is).
    class WorkerScope
    {
    public:
        WorkerScope(InlineReply *inlineReply, QThread *eventLoop);
        ~WorkerScope();
        WorkerScope(const WorkerScope &) = delete;
        WorkerScope &operator=(const WorkerScope &) = delete;

    private:
        InlineReply *m_previous;
        QThread *m_previousLoop;
    };

    // Runs `work` on `context`'s thread, as a queued call would: handed to
    // the event loop that waits for this worker's answer when that is
    // `context`'s thread and it still waits, queued otherwise (and dropped,
    // as a queued call is, if `context` is gone by then).
    static void toEventLoop(QObject *context, std::function<void()> work);

private:
    bool hand(Handed &&handed);

    enum State : int { Pending, Writing, Delivered, Detached };
    std::atomic<int> m_state{Pending};
    Handed m_handed;
};

} // namespace gk::vix::server
