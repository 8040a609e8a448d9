#pragma once

#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace gk::vix::server {

// The VIX server's threads. Unlike QThreadPool, a thread that finishes a
// task keeps looking at the queue for a short while (`linger`) before it
// sleeps: the packets of a file transfer come one every 100-200 us, and
// waking a sleeping thread costs 20-50 us on a virtual CPU, as much as the
// work on the packet (see lingerAfterThisTask()). Threads start on demand, up to `maxThreads`, and
// stay until the pool is destroyed. With one CPU nothing lingers (a spinning thread would only hold
// back the one that has work).
class WorkerPool
{
public:
    WorkerPool(int maxThreads, std::chrono::microseconds linger);
    ~WorkerPool(); // runs what is queued, then stops every thread
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    void start(std::function<void()> task);
    // Called by a task: once it ends, its thread lingers for the next one.
    // Only a task that asks does: one answered on the spot is likely part of
    // a stream (a transfer's packets), and anything else (a program start,
    // a long listing) would only have a thread spin beside the real work.
    static void lingerAfterThisTask();
    // Blocks until the queue is empty and no task runs.
    void waitForDone();
    // How many times a thread has gone to sleep (tests, diagnostics).
    int sleeps();

private:
    void run();
    void lingerForWork();

    const int m_maxThreads;
    const std::chrono::microseconds m_linger;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::deque<std::function<void()>> m_queue;
    std::atomic<int> m_queued{0}; // m_queue.size(), for lingering threads
    std::atomic<bool> m_stopping{false};
    // Under m_mutex: threads without a task that will look at the queue
    // before they sleep (lingering, or woken for a task), sleeping threads,
    // wake-ups handed out, and threads running a task.
    int m_awake = 0;
    int m_sleeping = 0;
    int m_wakeTokens = 0;
    int m_busy = 0;
    int m_sleeps = 0;
    std::vector<std::unique_ptr<QThread>> m_threads;
};

} // namespace gk::vix::server
