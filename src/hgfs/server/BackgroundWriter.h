#pragma once

#include "HgfsFileHandler.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace gk::platform {
class GuestSession;
}

namespace gk::hgfs::server {

// A second thread that runs short file jobs as the session's user while the
// caller goes on with its own work: an archive's small files are written
// here while the extractor inflates and parses the next members. Creating a
// file is most of the cost of extracting many small ones, and two threads
// create them about a third faster than one on ext4, even in the same
// directory (docs/performance.md).
//
// The queue is bounded: offer() refuses a job when it is full, and the
// caller then does that job itself, so both threads stay busy and memory
// stays bounded. The first failure is kept; after it the remaining jobs are
// skipped. Jobs run in the order offered.
class BackgroundWriter
{
public:
    using Job = std::function<HgfsError()>;

    BackgroundWriter(std::shared_ptr<platform::GuestSession> session, int maxQueued);
    // Drops what is still queued and waits for the running job.
    ~BackgroundWriter();
    BackgroundWriter(const BackgroundWriter &) = delete;
    BackgroundWriter &operator=(const BackgroundWriter &) = delete;

    // Queues the job; false (the job untouched) when the queue is full or a
    // job has failed.
    bool offer(Job &job);
    // The first failure so far, without waiting.
    HgfsError failure() const;
    // Waits until every queued job has run; the first failure, if any.
    HgfsError drain();
    // Drops what is still queued and waits for the running job.
    void cancel();

private:
    void loop();

    std::shared_ptr<platform::GuestSession> m_session;
    const int m_maxQueued;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Job> m_jobs;
    bool m_busy = false;
    bool m_stop = false;
    HgfsError m_error;
    std::thread m_thread;
};

} // namespace gk::hgfs::server
