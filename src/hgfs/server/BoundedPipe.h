#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <deque>
#include <memory>

namespace gk::hgfs::server {

// A byte stream from one thread to another through a bounded buffer: the
// writer blocks while the buffer is full, the reader while it is empty. It is
// how archives and process output stream through HGFS reads without being
// held whole in memory (govmomi toolbox/hgfs/archive.go uses an io.Pipe).
// The writer ends the stream with finish() or fail(); the reader may
// cancel(), after which writes fail at once.
class BoundedPipe
{
public:
    static constexpr qint64 kDefaultCapacity = 1024 * 1024;

    explicit BoundedPipe(qint64 capacity = kDefaultCapacity);

    // Blocks until all of `data` is buffered; false when the reader cancelled.
    bool write(const char *data, qint64 size);
    bool write(const QByteArray &data) { return write(data.constData(), data.size()); }
    // End of stream: readers drain what is buffered, then see the end.
    void finish();
    // The stream failed: readers get `message` once the buffer is drained.
    void fail(const QString &message);
    // The reader is gone: pending and later writes return false.
    void cancel(const QString &reason);

    struct Chunk
    {
        QByteArray data;
        bool end = false; // no data follows
        QString error;    // the writer failed (or the wait timed out)
    };
    // Up to `max` bytes. With `fill`, waits until `max` bytes are there or the
    // stream ends; otherwise returns as soon as any byte is there. A wait
    // longer than `timeoutMs` (negative: forever) returns what is there, or
    // an error when nothing is.
    Chunk read(qint64 max, bool fill, int timeoutMs = -1);

    // Waits until the stream has ended or the buffer is full, at most
    // `timeoutMs`; true when it has ended.
    bool waitFinished(int timeoutMs);

    bool cancelled() const;
    bool finished() const;
    qint64 buffered() const;
    qint64 capacity() const { return m_capacity; }

private:
    QByteArray takeLocked(qint64 max);

    const qint64 m_capacity;
    mutable QMutex m_mutex;
    QWaitCondition m_readable;
    QWaitCondition m_writable;
    std::deque<QByteArray> m_chunks;
    qint64 m_frontOffset = 0;
    qint64 m_size = 0;
    bool m_finished = false;
    bool m_cancelled = false;
    QString m_error;
    QString m_cancelReason;
};

// The writing end as a sequential QIODevice, for KTar / KCompressionDevice.
class PipeWriteDevice final : public QIODevice
{
public:
    explicit PipeWriteDevice(std::shared_ptr<BoundedPipe> pipe);
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override;

private:
    std::shared_ptr<BoundedPipe> m_pipe;
};

// The reading end as a sequential QIODevice (KCompressionDevice pulls from it).
class PipeReadDevice final : public QIODevice
{
public:
    explicit PipeReadDevice(std::shared_ptr<BoundedPipe> pipe);
    bool isSequential() const override { return true; }
    bool atEnd() const override;
    qint64 bytesAvailable() const override;
    // The writer's failure, if the stream ended with one.
    QString streamError() const { return m_streamError; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    std::shared_ptr<BoundedPipe> m_pipe;
    bool m_end = false;
    QString m_streamError;
};

} // namespace gk::hgfs::server
