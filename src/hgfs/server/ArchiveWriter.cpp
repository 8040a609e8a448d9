#include "ArchiveWriter.h"

#include "TarStreamWriter.h"
#include "platform/GuestSession.h"

#include <KCompressionDevice>

#include <QDateTime>

#include <thread>
#include <vector>

namespace gk::hgfs::server {

using platform::FileInfo;
using platform::FilePath;
using platform::FileType;

namespace {

class Walker
{
public:
    Walker(platform::SessionFiles &files, const ArchiveRequest &req, QIODevice &out,
           BoundedPipe &pipe)
        : m_files(files), m_req(req), m_out(out), m_pipe(pipe)
    {
        m_batch.reserve(kBatch); // reserved: resize(0) keeps it
    }

    // The error that stopped the walk, empty when it completed.
    QString run()
    {
        const FilePath root = FilePath::fromBytes(m_req.path);
        auto st = m_files.stat(root, false);
        if (!st.ok())
            return st.error.message;
        if (!st.value.isDirectory()) {
            // A single file: its name in the archive is its own.
            const qsizetype slash = m_req.path.lastIndexOf('/');
            const QString e = add(m_req.path, m_req.path.mid(slash + 1), st.value);
            return e.isEmpty() ? finish() : e;
        }
        // Depth first, one lister at a time: memory is bounded by the
        // depth, not by the number of entries.
        std::vector<QByteArray> pending{QByteArray()};
        while (!pending.empty()) {
            const QByteArray rel = std::move(pending.back());
            pending.pop_back();
            const QByteArray dir = rel.isEmpty() ? m_req.path : m_req.path + '/' + rel;
            auto lister = m_files.list(FilePath::fromBytes(dir));
            if (!lister.ok()) {
                if (rel.isEmpty())
                    return lister.error.message;
                continue; // unreadable below the root: left out
            }
            while (true) {
                if (m_pipe.cancelled())
                    return QStringLiteral("the reader stopped");
                auto batch = lister.value->nextBatch(256);
                if (!batch.ok() || batch.value.isEmpty())
                    break;
                for (const FileInfo &fi : batch.value) {
                    const QByteArray childRel = rel.isEmpty() ? fi.name : rel + '/' + fi.name;
                    if (excluded(childRel))
                        continue;
                    if (const QString e = add(m_req.path + '/' + childRel, childRel, fi);
                        !e.isEmpty())
                        return e;
                    if (fi.isDirectory())
                        pending.push_back(childRel);
                }
            }
        }
        return finish();
    }

private:
    bool excluded(const QByteArray &rel) const
    {
        return !m_req.exclude.pattern().isEmpty() &&
               m_req.exclude.match(QString::fromUtf8(rel)).hasMatch();
    }

    // The members go out in batches: a pipe write per header and per file
    // would wake the compressing thread (and take the pipe's lock) three
    // times a file, as often as the file system is asked for anything.
    static constexpr qint64 kBatch = 256 * 1024;

    bool put(const char *data, qint64 size)
    {
        if (size >= kBatch / 4) // large data goes as it is, after what is batched
            return flush() && m_out.write(data, size) == size;
        if (m_batch.size() + size > kBatch && !flush())
            return false;
        m_batch.append(data, int(size));
        return true;
    }
    bool put(const QByteArray &bytes) { return put(bytes.constData(), bytes.size()); }

    bool flush()
    {
        if (m_batch.isEmpty())
            return true;
        const bool ok = m_out.write(m_batch) == m_batch.size();
        m_batch.resize(0); // keeps its capacity
        return ok;
    }

    // What is still batched goes out; the error, empty when it went.
    QString finish() { return flush() ? QString() : writeError(QByteArray()); }

    QString writeError(const QByteArray &name) const
    {
        return m_pipe.cancelled() ? QStringLiteral("the reader stopped")
                                  : QStringLiteral("writing %1 into the archive failed: %2")
                                        .arg(QString::fromUtf8(name), m_out.errorString());
    }

    QString add(const QByteArray &full, const QByteArray &rel, const FileInfo &fi)
    {
        TarMember m;
        m.name = m_req.prefix + rel;
        m.mode = fi.mode.value_or(fi.isDirectory() ? 0755 : 0644) & 07777;
        m.mtime = fi.times.modified ? *fi.times.modified / 1000000000
                                    : QDateTime::currentSecsSinceEpoch();
        m.uid = std::max<qint64>(fi.owner.id, 0);
        m.gid = std::max<qint64>(fi.group.id, 0);
        m.userName = fi.owner.name.toUtf8();
        m.groupName = fi.group.name.toUtf8();
        bool ok = true;
        switch (fi.type) {
        case FileType::Directory:
            m.type = TarEntry::Type::Directory;
            m.name += '/';
            ok = put(encodeTarHeader(m));
            break;
        case FileType::Symlink:
            m.type = TarEntry::Type::Symlink;
            m.linkName = fi.symlinkTarget;
            ok = put(encodeTarHeader(m));
            break;
        case FileType::Regular: {
            auto reader = m_files.openRead(FilePath::fromBytes(full));
            if (!reader.ok())
                return {}; // unreadable: left out, as govmomi does
            // The size the header promises is the size written: a file that
            // grows is cut, one that shrinks is padded with zeros.
            m.type = TarEntry::Type::File;
            m.size = fi.size;
            ok = put(encodeTarHeader(m));
            qint64 done = 0;
            constexpr qint64 kChunk = 256 * 1024;
            while (ok && done < m.size) {
                auto data = reader.value->read(done, std::min(kChunk, m.size - done));
                if (!data.ok() || data.value.isEmpty())
                    break;
                ok = put(data.value);
                done += data.value.size();
            }
            if (ok && done < m.size) {
                const QByteArray zeros(int(std::min(kChunk, m.size - done)), '\0');
                while (ok && done < m.size) {
                    const qint64 n = std::min<qint64>(zeros.size(), m.size - done);
                    ok = put(zeros.constData(), n);
                    done += n;
                }
            }
            ok = ok && put(QByteArray(int(tarPadding(m.size)), '\0'));
            break;
        }
        default:
            return {}; // devices, FIFOs, sockets: not archived
        }
        return ok ? QString() : writeError(m.name);
    }

    platform::SessionFiles &m_files;
    const ArchiveRequest &m_req;
    QIODevice &m_out;
    BoundedPipe &m_pipe;
    QByteArray m_batch;
};

// Compresses what arrives on `tar` into `out` (gzip) on its own thread, so
// that the walk and the deflate use a core each. The error that stopped it,
// empty when the tar stream ended cleanly and all of it went out.
QString gzipStream(const std::shared_ptr<BoundedPipe> &tar, const std::shared_ptr<BoundedPipe> &out)
{
    PipeWriteDevice sink(out);
    sink.open(QIODevice::WriteOnly);
    KCompressionDevice gz(&sink, false, KCompressionDevice::GZip);
    if (!gz.open(QIODevice::WriteOnly))
        return QStringLiteral("gzip: %1").arg(gz.errorString());
    while (true) {
        const BoundedPipe::Chunk chunk = tar->read(256 * 1024, true);
        if (!chunk.error.isEmpty())
            return chunk.error;
        if (!chunk.data.isEmpty() && gz.write(chunk.data) != chunk.data.size())
            return QStringLiteral("the reader stopped");
        if (chunk.end)
            break;
    }
    gz.close();
    return out->cancelled() ? QStringLiteral("the reader stopped") : QString();
}

// The tar stream of the walk into `pipe`; the error that stopped it.
QString writeTar(platform::SessionFiles &files, const ArchiveRequest &req,
                 const std::shared_ptr<BoundedPipe> &pipe)
{
    PipeWriteDevice out(pipe);
    out.open(QIODevice::WriteOnly);
    QString error = Walker(files, req, out, *pipe).run();
    if (error.isEmpty() && out.write(tarEndOfArchive()) != 2 * kTarBlock)
        error = QStringLiteral("the reader stopped");
    return error;
}

} // namespace

namespace {

// The whole walk under one identity switch: each file call inside run()
// finds the user's identity already taken (a switch costs a dozen system
// calls, and a walk makes three or four file calls per file).
QString walkAsUser(platform::GuestSession &session, const ArchiveRequest &req,
                   const std::shared_ptr<BoundedPipe> &out)
{
    return session.run([&] { return writeTar(session.files(), req, out); });
}

} // namespace

void writeArchive(const std::shared_ptr<platform::GuestSession> &session, const ArchiveRequest &req,
                  const std::shared_ptr<BoundedPipe> &pipe)
{
    QString error;
    if (req.format == ArchiveRequest::Format::Tgz) {
        // Walk and tar here (as the user), deflate on a second thread.
        auto tar = std::make_shared<BoundedPipe>();
        QString gzipError;
        std::thread gzip([&] {
            gzipError = gzipStream(tar, pipe);
            // Whatever stopped the compressor stops the walk too.
            if (!gzipError.isEmpty())
                tar->cancel(gzipError);
        });
        error = walkAsUser(*session, req, tar);
        if (error.isEmpty())
            tar->finish();
        else
            tar->fail(error);
        gzip.join();
        if (error.isEmpty() || error == QLatin1String("the reader stopped"))
            error = gzipError.isEmpty() ? error : gzipError;
    } else {
        error = walkAsUser(*session, req, pipe);
    }
    if (error.isEmpty() && !pipe->write(archiveTrailer()))
        error = QStringLiteral("the reader stopped");
    if (error.isEmpty())
        pipe->finish();
    else
        pipe->fail(error);
}

} // namespace gk::hgfs::server
