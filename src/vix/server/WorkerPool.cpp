#include "WorkerPool.h"

#include "SpinPause.h"

namespace gk::vix::server {

namespace {
thread_local bool t_lingerAfterTask = false;
}

void WorkerPool::lingerAfterThisTask()
{
    t_lingerAfterTask = true;
}

WorkerPool::WorkerPool(int maxThreads, std::chrono::microseconds linger)
    : m_maxThreads(qMax(1, maxThreads)),
      m_linger(QThread::idealThreadCount() > 1 ? linger : std::chrono::microseconds(0))
{}

WorkerPool::~WorkerPool()
{
    waitForDone();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (const auto &thread : m_threads)
        thread->wait();
}

void WorkerPool::start(std::function<void()> task)
{
    std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(task));
    ++m_queued;
    // An awake thread (lingering, or just finished) looks at the queue under
    // this lock before it sleeps, so it takes this task without a wake-up.
    if (int(m_queue.size()) <= m_awake)
        return;
    if (m_sleeping > 0) {
        --m_sleeping;
        ++m_awake;
        ++m_wakeTokens;
        m_wake.notify_one();
        return;
    }
    if (int(m_threads.size()) < m_maxThreads) {
        ++m_awake;
        m_threads.emplace_back(QThread::create([this] { run(); }));
        m_threads.back()->setObjectName(QStringLiteral("vix-worker"));
        m_threads.back()->start();
    }
    // Otherwise every thread is busy; the first to finish takes it.
}

void WorkerPool::waitForDone()
{
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [this] { return m_queue.empty() && m_busy == 0; });
}

int WorkerPool::sleeps()
{
    std::lock_guard lock(m_mutex);
    return m_sleeps;
}

// Polls the queue without the lock for up to m_linger.
void WorkerPool::lingerForWork()
{
    const auto deadline = std::chrono::steady_clock::now() + m_linger;
    for (unsigned i = 0;; ++i) {
        if (m_queued.load(std::memory_order_acquire) > 0 || m_stopping.load())
            return;
        if ((i & 31) == 0 && std::chrono::steady_clock::now() >= deadline)
            return;
        spinYield(i);
    }
}

void WorkerPool::run()
{
    std::unique_lock lock(m_mutex);
    bool lingered = false;
    for (;;) {
        if (!m_queue.empty()) {
            std::function<void()> task = std::move(m_queue.front());
            m_queue.pop_front();
            --m_queued;
            --m_awake;
            ++m_busy;
            lock.unlock();
            t_lingerAfterTask = false;
            task();
            task = nullptr; // what it captured goes before the pool looks idle
            lock.lock();
            --m_busy;
            ++m_awake;
            if (m_busy == 0 && m_queue.empty())
                m_done.notify_all();
            lingered = !t_lingerAfterTask;
            continue;
        }
        if (m_stopping) {
            --m_awake;
            return;
        }
        if (!lingered && m_linger.count() > 0) {
            lingered = true;
            lock.unlock();
            lingerForWork();
            lock.lock();
            continue;
        }
        --m_awake;
        ++m_sleeping;
        ++m_sleeps;
        m_wake.wait(lock, [this] { return m_wakeTokens > 0 || m_stopping; });
        if (m_wakeTokens > 0) {
            --m_wakeTokens; // start() counted this thread awake already
        } else {
            --m_sleeping;
            ++m_awake;
        }
        lingered = true; // woken for a task: no linger before looking
    }
}

} // namespace gk::vix::server
