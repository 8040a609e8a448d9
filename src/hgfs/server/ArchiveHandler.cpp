#include "ArchiveHandler.h"

#include "ArchiveExtractor.h"
#include "ArchiveOptions.h"
#include "ArchiveWriter.h"
#include "BoundedPipe.h"
#include "GuestFileHandler.h"

#include "platform/GuestSession.h"

#include <limits>
#include <thread>

namespace gk::hgfs::server {

using platform::FileInfo;

namespace {

FileInfo streamInfo(const QByteArray &path)
{
    FileInfo fi;
    const qsizetype slash = path.lastIndexOf('/');
    fi.name = path.mid(slash + 1);
    fi.type = platform::FileType::Regular;
    fi.size = std::numeric_limits<qint64>::max();
    fi.mode = 0600;
    return fi;
}

// A directory being read as an archive.
class ArchiveDownload final : public HgfsOpenFile
{
public:
    ArchiveDownload(std::shared_ptr<platform::GuestSession> session, ArchiveRequest req)
        : m_pipe(std::make_shared<BoundedPipe>()), m_info(streamInfo(req.path))
    {
        m_producer = std::thread([session = std::move(session), req = std::move(req),
                                  pipe = m_pipe] { writeArchive(session, req, pipe); });
    }
    ~ArchiveDownload() override { stop(); }

    HgfsResult<QByteArray> read(quint64 offset, quint32 maxBytes) override
    {
        using R = HgfsResult<QByteArray>;
        if (offset != m_offset)
            return R::failure({HgfsErrorKind::InvalidParameter,
                               QStringLiteral("archive read at %1, the stream is at %2: reads "
                                              "must be consecutive")
                                   .arg(offset)
                                   .arg(m_offset)});
        BoundedPipe::Chunk chunk = m_pipe->read(maxBytes, true, ArchiveHandler::kReadWaitMs);
        if (chunk.data.isEmpty() && !chunk.error.isEmpty())
            return R::failure(
                {HgfsErrorKind::Io, QStringLiteral("archive of %1: %2")
                                        .arg(QString::fromUtf8(m_info.name), chunk.error)});
        m_offset += quint64(chunk.data.size());
        return R::success(std::move(chunk.data));
    }
    HgfsResult<quint32> write(quint64, const QByteArray &, bool) override
    {
        return HgfsResult<quint32>::failure(
            {HgfsErrorKind::InvalidHandle, QStringLiteral("handle is open for reading")});
    }
    HgfsResult<FileInfo> info() override { return HgfsResult<FileInfo>::success(m_info); }
    HgfsError close() override
    {
        stop();
        return {};
    }

private:
    void stop()
    {
        m_pipe->cancel(QStringLiteral("the transfer was closed"));
        if (m_producer.joinable())
            m_producer.join();
    }

    std::shared_ptr<BoundedPipe> m_pipe;
    FileInfo m_info;
    std::thread m_producer;
    quint64 m_offset = 0;
};

// An archive being written into a directory.
class ArchiveUpload final : public HgfsOpenFile
{
public:
    ArchiveUpload(std::shared_ptr<platform::GuestSession> session, const QByteArray &target)
        : m_pipe(std::make_shared<BoundedPipe>()), m_info(streamInfo(target))
    {
        m_info.size = 0;
        m_consumer = std::thread([this, session = std::move(session), target] {
            PipeReadDevice in(m_pipe);
            in.open(QIODevice::ReadOnly);
            ArchiveExtractor extractor(session, platform::FilePath::fromBytes(target));
            // One identity switch for the whole extraction, not one per file call.
            m_result = session->run([&] { return extractor.run(in); });
            // A refusal stops the writer at once instead of at close.
            if (m_result.isError())
                m_pipe->cancel(m_result.message);
        });
    }
    ~ArchiveUpload() override
    {
        if (!m_closed) {
            m_pipe->fail(QStringLiteral("the transfer was aborted"));
            m_pipe->cancel(QStringLiteral("the transfer was aborted"));
        }
        if (m_consumer.joinable())
            m_consumer.join();
    }

    HgfsResult<QByteArray> read(quint64, quint32) override
    {
        return HgfsResult<QByteArray>::failure(
            {HgfsErrorKind::InvalidHandle, QStringLiteral("handle is open for writing")});
    }
    HgfsResult<quint32> write(quint64 offset, const QByteArray &data, bool append) override
    {
        using R = HgfsResult<quint32>;
        if (m_closed)
            return R::failure({HgfsErrorKind::InvalidHandle, QStringLiteral("already closed")});
        if (!append && offset != m_written)
            return R::failure({HgfsErrorKind::InvalidParameter,
                               QStringLiteral("archive write at %1, the stream is at %2: writes "
                                              "must be consecutive")
                                   .arg(offset)
                                   .arg(m_written)});
        if (!m_pipe->write(data)) {
            finishConsumer();
            return R::failure(
                m_result.isError()
                    ? m_result
                    : HgfsError{HgfsErrorKind::Io, QStringLiteral("the archive reader stopped")});
        }
        m_written += quint64(data.size());
        return R::success(quint32(data.size()));
    }
    HgfsResult<FileInfo> info() override
    {
        m_info.size = qint64(m_written);
        return HgfsResult<FileInfo>::success(m_info);
    }
    HgfsError close() override
    {
        if (m_closed)
            return {};
        m_closed = true;
        m_pipe->finish();
        finishConsumer();
        return m_result;
    }

private:
    void finishConsumer()
    {
        if (m_consumer.joinable())
            m_consumer.join();
    }

    std::shared_ptr<BoundedPipe> m_pipe;
    FileInfo m_info;
    std::thread m_consumer;
    HgfsError m_result;
    quint64 m_written = 0;
    bool m_closed = false;
};

} // namespace

HgfsResult<FileInfo> ArchiveHandler::stat(const std::shared_ptr<platform::GuestSession> &,
                                          const QByteArray &path)
{
    auto req = ArchiveRequest::parse(path);
    if (!req.ok())
        return HgfsResult<FileInfo>::failure(req.error);
    return HgfsResult<FileInfo>::success(streamInfo(req.value.path));
}

HgfsResult<std::unique_ptr<HgfsOpenFile>>
ArchiveHandler::open(const std::shared_ptr<platform::GuestSession> &session, const QByteArray &path,
                     const HgfsOpenArgs &args)
{
    using R = HgfsResult<std::unique_ptr<HgfsOpenFile>>;
    auto req = ArchiveRequest::parse(path);
    if (!req.ok())
        return R::failure(req.error);
    if (args.accessMode == kOpenModeReadOnly) {
        // Fail the open, not the first read, when the source is not there.
        auto st = session->files().stat(platform::FilePath::fromBytes(req.value.path), false);
        if (!st.ok())
            return R::failure(hgfsErrorFor(st.error));
        return R::success(std::make_unique<ArchiveDownload>(session, std::move(req.value)));
    }
    if (args.accessMode == kOpenModeWriteOnly)
        return R::success(std::make_unique<ArchiveUpload>(session, req.value.path));
    return R::failure(
        {HgfsErrorKind::NotSupported, QStringLiteral("an archive is read or written, not both")});
}

HgfsError ArchiveHandler::setAttributes(const std::shared_ptr<platform::GuestSession> &,
                                        const QByteArray &path, const platform::AttributeChange &)
{
    return ArchiveRequest::parse(path).error;
}

} // namespace gk::hgfs::server
