#include "GuestFileHandler.h"

#include "platform/GuestSession.h"

namespace gk::hgfs::server {

using platform::FileInfo;
using platform::FilePath;
using platform::PlatformError;
using Kind = PlatformError::Kind;

HgfsError hgfsErrorFor(const PlatformError &error)
{
    HgfsErrorKind kind = HgfsErrorKind::Io;
    switch (error.kind) {
    case Kind::None:
        kind = HgfsErrorKind::None;
        break;
    case Kind::NotFound:
        kind = HgfsErrorKind::NotFound;
        break;
    case Kind::Exists:
        kind = HgfsErrorKind::Exists;
        break;
    case Kind::NotADirectory:
        kind = HgfsErrorKind::NotADirectory;
        break;
    case Kind::IsADirectory:
        kind = HgfsErrorKind::IsADirectory;
        break;
    case Kind::NotEmpty:
        kind = HgfsErrorKind::NotEmpty;
        break;
    case Kind::PermissionDenied:
    case Kind::AuthenticationFailed:
        kind = HgfsErrorKind::PermissionDenied;
        break;
    case Kind::InvalidName:
        kind = HgfsErrorKind::InvalidName;
        break;
    case Kind::NameTooLong:
        kind = HgfsErrorKind::NameTooLong;
        break;
    case Kind::NoSpace:
        kind = HgfsErrorKind::NoSpace;
        break;
    case Kind::InvalidArgument:
        kind = HgfsErrorKind::InvalidParameter;
        break;
    case Kind::NotSupported:
        kind = HgfsErrorKind::NotSupported;
        break;
    case Kind::CrossDevice:
        kind = HgfsErrorKind::NotSameDevice;
        break;
    case Kind::Busy:
        kind = HgfsErrorKind::Busy;
        break;
    case Kind::TooMany:
    case Kind::NoSuchProcess:
    case Kind::Interrupted:
    case Kind::TimedOut:
    case Kind::Io:
        kind = HgfsErrorKind::Io;
        break;
    }
    return HgfsError{kind, error.message};
}

namespace {

HgfsError invalid(const QString &why)
{
    return HgfsError{HgfsErrorKind::InvalidParameter, why};
}

// A file opened for reading; a zero-size regular file was measured at open.
class ReadFile final : public HgfsOpenFile
{
public:
    ReadFile(std::unique_ptr<platform::FileReader> reader, FileInfo info)
        : m_reader(std::move(reader)), m_info(std::move(info))
    {}

    HgfsResult<QByteArray> read(quint64 offset, quint32 maxBytes) override
    {
        if (offset > quint64(std::numeric_limits<qint64>::max()))
            return HgfsResult<QByteArray>::failure(invalid(QStringLiteral("offset out of range")));
        auto r = m_reader->read(qint64(offset), maxBytes);
        if (!r.ok())
            return HgfsResult<QByteArray>::failure(hgfsErrorFor(r.error));
        return HgfsResult<QByteArray>::success(std::move(r.value));
    }
    HgfsResult<quint32> write(quint64, const QByteArray &, bool) override
    {
        return HgfsResult<quint32>::failure(
            HgfsError{HgfsErrorKind::InvalidHandle, QStringLiteral("handle is open for reading")});
    }
    HgfsResult<FileInfo> info() override { return HgfsResult<FileInfo>::success(m_info); }
    HgfsError close() override { return {}; }

private:
    std::unique_ptr<platform::FileReader> m_reader;
    FileInfo m_info;
};

// A file being written; it exists under its name only after close().
class WriteFile final : public HgfsOpenFile
{
public:
    explicit WriteFile(std::unique_ptr<platform::AtomicFileWriter> writer)
        : m_writer(std::move(writer))
    {}
    ~WriteFile() override
    {
        if (!m_closed)
            m_writer->abort();
    }

    HgfsResult<QByteArray> read(quint64, quint32) override
    {
        return HgfsResult<QByteArray>::failure(
            HgfsError{HgfsErrorKind::InvalidHandle, QStringLiteral("handle is open for writing")});
    }
    HgfsResult<quint32> write(quint64 offset, const QByteArray &data, bool append) override
    {
        if (m_closed)
            return HgfsResult<quint32>::failure(
                HgfsError{HgfsErrorKind::InvalidHandle, QStringLiteral("file already closed")});
        const quint64 at = quint64(m_writer->bytesWritten());
        if (!append && offset != at)
            return HgfsResult<quint32>::failure(
                invalid(QStringLiteral("write at %1, the file has %2 bytes: writes must be "
                                       "consecutive")
                            .arg(offset)
                            .arg(at)));
        if (const PlatformError e = m_writer->write(data))
            return HgfsResult<quint32>::failure(hgfsErrorFor(e));
        return HgfsResult<quint32>::success(quint32(data.size()));
    }
    HgfsResult<FileInfo> info() override
    {
        FileInfo fi;
        fi.type = platform::FileType::Regular;
        fi.size = m_writer->bytesWritten();
        return HgfsResult<FileInfo>::success(fi);
    }
    HgfsError close() override
    {
        if (m_closed)
            return {};
        m_closed = true;
        return hgfsErrorFor(m_writer->commit());
    }

private:
    std::unique_ptr<platform::AtomicFileWriter> m_writer;
    bool m_closed = false;
};

} // namespace

qint64 GuestFileHandler::transferSize(platform::SessionFiles &files, const FilePath &path,
                                      const FileInfo &info)
{
    if (info.type != platform::FileType::Regular || info.size != 0)
        return info.size;
    auto reader = files.openRead(path);
    if (!reader.ok())
        return 0;
    auto size = reader.value->measure(kMeasureCap);
    return size.ok() ? size.value : 0;
}

HgfsResult<FileInfo> GuestFileHandler::stat(const std::shared_ptr<platform::GuestSession> &session,
                                            const QByteArray &path)
{
    auto st = session->files().stat(FilePath::fromBytes(path), true);
    if (!st.ok())
        return HgfsResult<FileInfo>::failure(hgfsErrorFor(st.error));
    FileInfo info = std::move(st.value);
    info.size = transferSize(session->files(), FilePath::fromBytes(path), info);
    return HgfsResult<FileInfo>::success(std::move(info));
}

HgfsResult<std::unique_ptr<HgfsOpenFile>>
GuestFileHandler::open(const std::shared_ptr<platform::GuestSession> &session,
                       const QByteArray &path, const HgfsOpenArgs &args)
{
    using R = HgfsResult<std::unique_ptr<HgfsOpenFile>>;
    const FilePath target = FilePath::fromBytes(path);
    platform::SessionFiles &files = session->files();
    if (args.accessMode == kOpenModeReadOnly) {
        if (args.flags != HgfsOpenFlags::Open && args.flags != HgfsOpenFlags::OpenCreate)
            return R::failure(invalid(QStringLiteral("open for reading with a create or truncate "
                                                     "flag")));
        auto reader = files.openRead(target);
        if (!reader.ok())
            return R::failure(hgfsErrorFor(reader.error));
        auto info = reader.value->info();
        if (!info.ok())
            return R::failure(hgfsErrorFor(info.error));
        if (info.value.isDirectory())
            return R::failure(HgfsError{HgfsErrorKind::IsADirectory, QString::fromUtf8(path)});
        if (info.value.type == platform::FileType::Regular && info.value.size == 0) {
            auto size = reader.value->measure(kMeasureCap);
            if (size.ok())
                info.value.size = size.value;
        }
        return R::success(std::make_unique<ReadFile>(std::move(reader.value), info.value));
    }
    if (args.accessMode != kOpenModeWriteOnly)
        return R::failure(HgfsError{HgfsErrorKind::NotSupported,
                                    QStringLiteral("read-write opens are not served")});
    // A transfer replaces the whole file, so every write open truncates; the
    // flags decide only whether an existing file may or must be there.
    platform::WriteOptions options;
    options.mode = args.permissions.value_or(0644);
    options.durable = !m_durableWrites || m_durableWrites->load();
    switch (args.flags) {
    case HgfsOpenFlags::OpenCreateSafe:
        options.overwrite = false;
        break;
    case HgfsOpenFlags::Open:
    case HgfsOpenFlags::OpenEmpty: {
        auto st = files.stat(target, true);
        if (!st.ok())
            return R::failure(hgfsErrorFor(st.error));
        options.overwrite = true;
        break;
    }
    case HgfsOpenFlags::OpenCreate:
    case HgfsOpenFlags::OpenCreateEmpty:
        options.overwrite = true;
        break;
    }
    auto writer = files.openWrite(target, options);
    if (!writer.ok())
        return R::failure(hgfsErrorFor(writer.error));
    return R::success(std::make_unique<WriteFile>(std::move(writer.value)));
}

HgfsError GuestFileHandler::setAttributes(const std::shared_ptr<platform::GuestSession> &session,
                                          const QByteArray &path,
                                          const platform::AttributeChange &change)
{
    return hgfsErrorFor(session->files().changeAttributes(FilePath::fromBytes(path), change));
}

} // namespace gk::hgfs::server
