#include "InlineReply.h"

#include "SpinPause.h"

#include <QMetaObject>
#include <QObject>
#include <QThread>

namespace gk::vix::server {

namespace {

thread_local InlineReply *t_waiting = nullptr;
thread_local QThread *t_waitingLoop = nullptr;

} // namespace

bool InlineReply::hand(Handed &&handed)
{
    int expected = Pending;
    if (!m_state.compare_exchange_strong(expected, Writing, std::memory_order_acquire))
        return false;
    m_handed = std::move(handed);
    m_state.store(Delivered, std::memory_order_release);
    return true;
}

bool InlineReply::deliver(OpReply &reply)
{
    // Moved from only when taken.
    if (m_state.load(std::memory_order_relaxed) != Pending)
        return false;
    Handed handed;
    handed.reply = std::move(reply);
    if (hand(std::move(handed)))
        return true;
    reply = std::move(*handed.reply);
    return false;
}

void InlineReply::detach()
{
    int expected = Pending;
    m_state.compare_exchange_strong(expected, Detached);
}

std::optional<InlineReply::Handed> InlineReply::await(std::chrono::microseconds window)
{
    const auto deadline = std::chrono::steady_clock::now() + window;
    for (unsigned i = 0;; ++i) {
        const int state = m_state.load(std::memory_order_acquire);
        if (state == Delivered)
            return std::move(m_handed);
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

InlineReply::WorkerScope::WorkerScope(InlineReply *inlineReply, QThread *eventLoop)
    : m_previous(t_waiting), m_previousLoop(t_waitingLoop)
{
    t_waiting = inlineReply;
    t_waitingLoop = eventLoop;
}

InlineReply::WorkerScope::~WorkerScope()
{
    t_waiting = m_previous;
    t_waitingLoop = m_previousLoop;
}

void InlineReply::toEventLoop(QObject *context, std::function<void()> work)
{
    if (t_waiting && context->thread() == t_waitingLoop) {
        Handed handed;
        handed.work = std::move(work);
        if (t_waiting->hand(std::move(handed)))
            return;
        work = std::move(handed.work);
    }
    QMetaObject::invokeMethod(context, std::move(work), Qt::QueuedConnection);
}

} // namespace gk::vix::server
