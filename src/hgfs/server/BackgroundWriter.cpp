#include "BackgroundWriter.h"

#include "platform/GuestSession.h"

namespace gk::hgfs::server {

BackgroundWriter::BackgroundWriter(std::shared_ptr<platform::GuestSession> session, int maxQueued)
    : m_session(std::move(session)), m_maxQueued(maxQueued)
{
    // The identity is taken once on the new thread, for all its jobs.
    m_thread = std::thread([this] { m_session->run([this] { loop(); }); });
}

BackgroundWriter::~BackgroundWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_jobs.clear();
    }
    m_wake.notify_all();
    m_thread.join();
}

bool BackgroundWriter::offer(Job &job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_error.isError() || m_stop || int(m_jobs.size()) >= m_maxQueued)
            return false;
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
    return true;
}

HgfsError BackgroundWriter::failure() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

HgfsError BackgroundWriter::drain()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_jobs.empty() && !m_busy; });
    return m_error;
}

void BackgroundWriter::cancel()
{
    std::unique_lock lock(m_mutex);
    m_jobs.clear();
    m_idle.wait(lock, [this] { return !m_busy; });
}

void BackgroundWriter::loop()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
        if (m_jobs.empty())
            return; // stopped
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_busy = true;
        const bool skip = m_error.isError();
        lock.unlock();
        HgfsError e = skip ? HgfsError{} : job();
        job = nullptr; // its buffers go before the next wait
        lock.lock();
        m_busy = false;
        if (e.isError() && !m_error.isError())
            m_error = std::move(e);
        if (m_jobs.empty())
            m_idle.notify_all();
    }
}

} // namespace gk::hgfs::server
