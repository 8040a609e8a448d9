#include "BoundedPipe.h"

#include <QDeadlineTimer>

namespace gk::hgfs::server {

BoundedPipe::BoundedPipe(qint64 capacity) : m_capacity(std::max<qint64>(capacity, 4096)) {}

bool BoundedPipe::write(const char *data, qint64 size)
{
    qint64 done = 0;
    QMutexLocker lock(&m_mutex);
    while (done < size) {
        while (!m_cancelled && m_size >= m_capacity)
            m_writable.wait(&m_mutex);
        if (m_cancelled || m_finished)
            return false;
        const qint64 n = std::min(size - done, m_capacity - m_size);
        m_chunks.emplace_back(data + done, int(n));
        m_size += n;
        done += n;
        m_readable.wakeAll();
    }
    return !m_cancelled;
}

void BoundedPipe::finish()
{
    QMutexLocker lock(&m_mutex);
    m_finished = true;
    m_readable.wakeAll();
}

void BoundedPipe::fail(const QString &message)
{
    QMutexLocker lock(&m_mutex);
    if (m_error.isEmpty())
        m_error = message.isEmpty() ? QStringLiteral("stream failed") : message;
    m_finished = true;
    m_readable.wakeAll();
}

void BoundedPipe::cancel(const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    m_cancelled = true;
    m_cancelReason = reason;
    m_chunks.clear();
    m_size = 0;
    m_frontOffset = 0;
    m_writable.wakeAll();
    m_readable.wakeAll();
}

QByteArray BoundedPipe::takeLocked(qint64 max)
{
    QByteArray out;
    while (max > 0 && !m_chunks.empty()) {
        QByteArray &front = m_chunks.front();
        const qint64 left = front.size() - m_frontOffset;
        const qint64 n = std::min(left, max);
        if (out.isEmpty() && m_frontOffset == 0 && n == front.size()) {
            out = std::move(front); // the common case: hand the chunk over whole
        } else {
            out.append(front.constData() + m_frontOffset, int(n));
        }
        max -= n;
        m_size -= n;
        if (n == left) {
            m_chunks.pop_front();
            m_frontOffset = 0;
        } else {
            m_frontOffset += n;
        }
    }
    if (!out.isEmpty())
        m_writable.wakeAll();
    return out;
}

BoundedPipe::Chunk BoundedPipe::read(qint64 max, bool fill, int timeoutMs)
{
    Chunk chunk;
    QDeadlineTimer deadline(timeoutMs < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                          : QDeadlineTimer(timeoutMs));
    QMutexLocker lock(&m_mutex);
    while (true) {
        if (m_cancelled) {
            chunk.error =
                m_cancelReason.isEmpty() ? QStringLiteral("stream cancelled") : m_cancelReason;
            return chunk;
        }
        const qint64 want = std::min(max, fill ? max : qint64(1));
        if (m_size >= want && m_size > 0)
            break;
        if (m_finished)
            break;
        // A reader that wants the whole chunk must not hold the writer off:
        // the buffer may be smaller than `max`.
        if (fill && m_size >= m_capacity)
            break;
        if (!m_readable.wait(&m_mutex, deadline)) {
            if (m_size == 0) {
                chunk.error = QStringLiteral("no data within %1 ms").arg(timeoutMs);
                return chunk;
            }
            break;
        }
    }
    chunk.data = takeLocked(max);
    if (m_finished && m_size == 0) {
        chunk.end = true;
        if (chunk.data.isEmpty())
            chunk.error = m_error;
    }
    return chunk;
}

bool BoundedPipe::waitFinished(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&m_mutex);
    while (!m_finished && !m_cancelled && m_size < m_capacity)
        if (!m_readable.wait(&m_mutex, deadline))
            break;
    return m_finished;
}

bool BoundedPipe::cancelled() const
{
    QMutexLocker lock(&m_mutex);
    return m_cancelled;
}

bool BoundedPipe::finished() const
{
    QMutexLocker lock(&m_mutex);
    return m_finished;
}

qint64 BoundedPipe::buffered() const
{
    QMutexLocker lock(&m_mutex);
    return m_size;
}

PipeWriteDevice::PipeWriteDevice(std::shared_ptr<BoundedPipe> pipe) : m_pipe(std::move(pipe)) {}

qint64 PipeWriteDevice::writeData(const char *data, qint64 size)
{
    if (!m_pipe->write(data, size)) {
        setErrorString(QStringLiteral("the reader stopped"));
        return -1;
    }
    return size;
}

PipeReadDevice::PipeReadDevice(std::shared_ptr<BoundedPipe> pipe) : m_pipe(std::move(pipe)) {}

bool PipeReadDevice::atEnd() const
{
    return m_end && QIODevice::bytesAvailable() == 0;
}

qint64 PipeReadDevice::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + m_pipe->buffered();
}

qint64 PipeReadDevice::readData(char *data, qint64 maxSize)
{
    if (m_end || maxSize <= 0)
        return m_streamError.isEmpty() ? 0 : -1;
    BoundedPipe::Chunk chunk = m_pipe->read(maxSize, false);
    if (!chunk.error.isEmpty()) {
        m_end = true;
        m_streamError = chunk.error;
        setErrorString(chunk.error);
        return -1;
    }
    if (chunk.end)
        m_end = true;
    memcpy(data, chunk.data.constData(), size_t(chunk.data.size()));
    return chunk.data.size();
}

} // namespace gk::hgfs::server
