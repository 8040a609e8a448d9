#include "ProcessIo.h"

#include "platform/GuestSession.h"

#include <QRegularExpression>

#include <limits>
#include <thread>

namespace gk::hgfs::server {

using platform::FileInfo;

namespace {

constexpr qint64 kPumpChunk = 64 * 1024;

// Child output -> pipe, until the child closes it or nobody will read.
// Detached: a child that keeps its output open but silent would hold a
// joining thread; the pump holds only what it uses.
void pumpOut(std::unique_ptr<QIODevice> device, std::shared_ptr<BoundedPipe> pipe)
{
    std::thread([device = std::move(device), pipe = std::move(pipe)] {
        QByteArray buffer(int(kPumpChunk), Qt::Uninitialized);
        while (true) {
            const qint64 n = device->read(buffer.data(), buffer.size());
            if (n <= 0)
                break;
            if (!pipe->write(buffer.constData(), n))
                break;
        }
        pipe->finish();
    }).detach();
}

// Pipe -> child stdin; the end of the pipe closes the child's stdin (EOF).
void pumpIn(std::unique_ptr<QIODevice> device, std::shared_ptr<BoundedPipe> pipe)
{
    std::thread([device = std::move(device), pipe = std::move(pipe)] {
        while (true) {
            BoundedPipe::Chunk chunk = pipe->read(kPumpChunk, false);
            if (!chunk.data.isEmpty() && device->write(chunk.data) != chunk.data.size()) {
                pipe->cancel(QStringLiteral("the process does not read its input"));
                break;
            }
            if (chunk.end || !chunk.error.isEmpty())
                break;
        }
        device->close();
    }).detach();
}

FileInfo streamInfo(const QByteArray &stream, qint64 size)
{
    FileInfo fi;
    fi.name = stream;
    fi.type = platform::FileType::Regular;
    fi.size = size;
    fi.mode = stream == "stdin" ? 0200 : 0400; // govmomi's modes
    return fi;
}

// Output of a process, read front to back.
class OutputFile final : public HgfsOpenFile
{
public:
    OutputFile(std::shared_ptr<ProcessStreams> streams, std::shared_ptr<BoundedPipe> pipe,
               QByteArray name)
        : m_streams(std::move(streams)), m_pipe(std::move(pipe)), m_name(std::move(name))
    {}

    HgfsResult<QByteArray> read(quint64 offset, quint32 maxBytes) override
    {
        using R = HgfsResult<QByteArray>;
        if (offset != m_offset)
            return R::failure({HgfsErrorKind::InvalidParameter,
                               QStringLiteral("%1 read at %2, the stream is at %3: reads must be "
                                              "consecutive")
                                   .arg(QString::fromUtf8(m_name))
                                   .arg(offset)
                                   .arg(m_offset)});
        BoundedPipe::Chunk chunk = m_pipe->read(maxBytes, false, ProcessIoHandler::kReadWaitMs);
        if (chunk.data.isEmpty() && !chunk.error.isEmpty())
            return R::failure({chunk.end ? HgfsErrorKind::Io : HgfsErrorKind::Busy,
                               QStringLiteral("process %1 %2: %3")
                                   .arg(m_streams->pid())
                                   .arg(QString::fromUtf8(m_name), chunk.error)});
        m_offset += quint64(chunk.data.size());
        return R::success(std::move(chunk.data));
    }
    HgfsResult<quint32> write(quint64, const QByteArray &, bool) override
    {
        return HgfsResult<quint32>::failure(
            {HgfsErrorKind::InvalidHandle, QStringLiteral("handle is open for reading")});
    }
    HgfsResult<FileInfo> info() override
    {
        return HgfsResult<FileInfo>::success(
            streamInfo(m_name, std::numeric_limits<qint64>::max()));
    }
    HgfsError close() override { return {}; }

private:
    std::shared_ptr<ProcessStreams> m_streams;
    std::shared_ptr<BoundedPipe> m_pipe;
    QByteArray m_name;
    quint64 m_offset = 0;
};

// Input of a process; closing it (or dropping it) gives the process EOF.
class InputFile final : public HgfsOpenFile
{
public:
    explicit InputFile(std::shared_ptr<ProcessStreams> streams) : m_streams(std::move(streams)) {}
    ~InputFile() override { m_streams->stdIn()->finish(); }

    HgfsResult<QByteArray> read(quint64, quint32) override
    {
        return HgfsResult<QByteArray>::failure(
            {HgfsErrorKind::InvalidHandle, QStringLiteral("handle is open for writing")});
    }
    HgfsResult<quint32> write(quint64, const QByteArray &data, bool) override
    {
        if (!m_streams->stdIn()->write(data))
            return HgfsResult<quint32>::failure(
                {HgfsErrorKind::Io,
                 QStringLiteral("process %1 no longer reads its input").arg(m_streams->pid())});
        m_written += data.size();
        return HgfsResult<quint32>::success(quint32(data.size()));
    }
    HgfsResult<FileInfo> info() override
    {
        return HgfsResult<FileInfo>::success(streamInfo("stdin", m_written));
    }
    HgfsError close() override
    {
        m_streams->stdIn()->finish();
        return {};
    }

private:
    std::shared_ptr<ProcessStreams> m_streams;
    qint64 m_written = 0;
};

} // namespace

ProcessStreams::ProcessStreams(qint64 pid, QString owner, qint64 capacity)
    : m_pid(pid), m_owner(std::move(owner)), m_in(std::make_shared<BoundedPipe>(capacity)),
      m_out(std::make_shared<BoundedPipe>(capacity)), m_err(std::make_shared<BoundedPipe>(capacity))
{}

ProcessStreams::~ProcessStreams()
{
    shutdown();
}

void ProcessStreams::attach(std::unique_ptr<QIODevice> in, std::unique_ptr<QIODevice> out,
                            std::unique_ptr<QIODevice> err)
{
    if (in)
        pumpIn(std::move(in), m_in);
    else
        m_in->cancel(QStringLiteral("the process has no input pipe"));
    if (out)
        pumpOut(std::move(out), m_out);
    else
        m_out->finish();
    if (err)
        pumpOut(std::move(err), m_err);
    else
        m_err->finish();
}

void ProcessStreams::shutdown()
{
    m_in->finish();
    m_out->cancel(QStringLiteral("the process's I/O was released"));
    m_err->cancel(QStringLiteral("the process's I/O was released"));
}

void ProcessIoTable::add(std::shared_ptr<ProcessStreams> streams)
{
    QMutexLocker lock(&m_mutex);
    m_streams.insert(streams->pid(), std::move(streams));
}

std::shared_ptr<ProcessStreams> ProcessIoTable::find(qint64 pid) const
{
    QMutexLocker lock(&m_mutex);
    return m_streams.value(pid);
}

void ProcessIoTable::remove(qint64 pid)
{
    std::shared_ptr<ProcessStreams> gone;
    {
        QMutexLocker lock(&m_mutex);
        gone = m_streams.take(pid);
    }
}

int ProcessIoTable::size() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_streams.size());
}

QString ownerKeyOf(const platform::GuestSession &session)
{
    const platform::UserAccount &account = session.user();
    return account.sid.isEmpty() ? QStringLiteral("%1:%2").arg(account.name).arg(account.uid)
                                 : account.sid;
}

ProcessIoHandler::ProcessIoHandler(std::shared_ptr<ProcessIoTable> table)
    : m_table(std::move(table))
{}

namespace {

// "/proc/<pid>/<stream>" -> pid and stream.
bool parse(const QByteArray &path, qint64 *pid, QByteArray *stream)
{
    static const QRegularExpression re(QStringLiteral("^/proc/(\\d{1,18})/(stdin|stdout|stderr)$"));
    const QRegularExpressionMatch m = re.match(QString::fromLatin1(path));
    if (!m.hasMatch())
        return false;
    *pid = m.captured(1).toLongLong();
    *stream = m.captured(2).toLatin1();
    return true;
}

} // namespace

bool ProcessIoHandler::matches(const QByteArray &path) const
{
    qint64 pid = 0;
    QByteArray stream;
    return parse(path, &pid, &stream) && m_table->find(pid);
}

HgfsResult<ProcessIoHandler::Target>
ProcessIoHandler::find(const std::shared_ptr<platform::GuestSession> &session,
                       const QByteArray &path) const
{
    using R = HgfsResult<Target>;
    Target t;
    qint64 pid = 0;
    if (!parse(path, &pid, &t.stream) || !(t.streams = m_table->find(pid)))
        return R::failure({HgfsErrorKind::NotFound,
                           QStringLiteral("%1: no process with I/O").arg(QString::fromUtf8(path))});
    if (t.streams->owner() != ownerKeyOf(*session))
        return R::failure({HgfsErrorKind::PermissionDenied,
                           QStringLiteral("process %1 was started by another user").arg(pid)});
    return R::success(std::move(t));
}

HgfsResult<FileInfo> ProcessIoHandler::stat(const std::shared_ptr<platform::GuestSession> &session,
                                            const QByteArray &path)
{
    using R = HgfsResult<FileInfo>;
    auto t = find(session, path);
    if (!t.ok())
        return R::failure(t.error);
    if (t.value.stream == "stdin")
        return R::success(streamInfo("stdin", 0));
    const std::shared_ptr<BoundedPipe> &pipe =
        t.value.stream == "stdout" ? t.value.streams->stdOut() : t.value.streams->stdErr();
    if (pipe->waitFinished(kStatWaitMs))
        return R::success(streamInfo(t.value.stream, pipe->buffered()));
    if (pipe->buffered() >= pipe->capacity())
        return R::success(streamInfo(t.value.stream, std::numeric_limits<qint64>::max()));
    // govmomi toolbox/process/process.go Stat: vix.FileAccessError, which
    // VC/ESX turn into CannotAccessFile and govc's procReader retries.
    return R::failure(
        {HgfsErrorKind::PermissionDenied,
         QStringLiteral("process %1 is still running; try again").arg(t.value.streams->pid())});
}

HgfsResult<std::unique_ptr<HgfsOpenFile>>
ProcessIoHandler::open(const std::shared_ptr<platform::GuestSession> &session,
                       const QByteArray &path, const HgfsOpenArgs &args)
{
    using R = HgfsResult<std::unique_ptr<HgfsOpenFile>>;
    auto t = find(session, path);
    if (!t.ok())
        return R::failure(t.error);
    if (t.value.stream == "stdin") {
        if (args.accessMode != kOpenModeWriteOnly)
            return R::failure(
                {HgfsErrorKind::InvalidParameter, QStringLiteral("stdin is opened for writing")});
        return R::success(std::make_unique<InputFile>(t.value.streams));
    }
    if (args.accessMode != kOpenModeReadOnly)
        return R::failure(
            {HgfsErrorKind::InvalidParameter,
             QStringLiteral("%1 is opened for reading").arg(QString::fromLatin1(t.value.stream))});
    auto pipe = t.value.stream == "stdout" ? t.value.streams->stdOut() : t.value.streams->stdErr();
    return R::success(
        std::make_unique<OutputFile>(t.value.streams, std::move(pipe), t.value.stream));
}

HgfsError ProcessIoHandler::setAttributes(const std::shared_ptr<platform::GuestSession> &session,
                                          const QByteArray &path, const platform::AttributeChange &)
{
    return find(session, path).error;
}

} // namespace gk::hgfs::server
