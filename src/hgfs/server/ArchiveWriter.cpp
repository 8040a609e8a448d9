#include "ArchiveWriter.h"

#include "platform/GuestSession.h"

#include <KCompressionDevice>
#include <KTar>

#include <QDateTime>

#include <vector>

namespace gk::hgfs::server {

using platform::FileInfo;
using platform::FilePath;
using platform::FileType;

namespace {

QDateTime timeOf(const std::optional<qint64> &ns)
{
    return ns ? QDateTime::fromMSecsSinceEpoch(*ns / 1000000, Qt::UTC)
              : QDateTime::currentDateTimeUtc();
}

class Walker
{
public:
    Walker(platform::SessionFiles &files, const ArchiveRequest &req, KTar &tar, BoundedPipe &pipe)
        : m_files(files), m_req(req), m_tar(tar), m_pipe(pipe)
    {}

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
            return add(m_req.path, m_req.path.mid(slash + 1), st.value);
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
        return {};
    }

private:
    bool excluded(const QByteArray &rel) const
    {
        return !m_req.exclude.pattern().isEmpty() &&
               m_req.exclude.match(QString::fromUtf8(rel)).hasMatch();
    }

    QString add(const QByteArray &full, const QByteArray &rel, const FileInfo &fi)
    {
        const QString name = QString::fromUtf8(m_req.prefix + rel);
        const mode_t perm = mode_t(fi.mode.value_or(fi.isDirectory() ? 0755 : 0644) & 07777);
        const QDateTime atime = timeOf(fi.times.accessed);
        const QDateTime mtime = timeOf(fi.times.modified);
        const QDateTime ctime = timeOf(fi.times.changed);
        const QString user = fi.owner.name, group = fi.group.name;
        bool ok = true;
        switch (fi.type) {
        case FileType::Directory:
            ok = m_tar.writeDir(name, user, group, perm | 040000, atime, mtime, ctime);
            break;
        case FileType::Symlink:
            ok = m_tar.writeSymLink(name, QString::fromUtf8(fi.symlinkTarget), user, group,
                                    perm | 0120000, atime, mtime, ctime);
            break;
        case FileType::Regular: {
            auto reader = m_files.openRead(FilePath::fromBytes(full));
            if (!reader.ok())
                return {}; // unreadable: left out, as govmomi does
            // The size the header promises is the size written: a file that
            // grows is cut, one that shrinks is padded with zeros.
            const qint64 size = fi.size;
            ok = m_tar.prepareWriting(name, user, group, size, perm | 0100000, atime, mtime, ctime);
            qint64 done = 0;
            constexpr qint64 kChunk = 256 * 1024;
            while (ok && done < size) {
                auto data = reader.value->read(done, std::min(kChunk, size - done));
                if (!data.ok() || data.value.isEmpty())
                    break;
                ok = m_tar.writeData(data.value.constData(), data.value.size());
                done += data.value.size();
            }
            if (ok && done < size) {
                const QByteArray zeros(int(std::min(kChunk, size - done)), '\0');
                while (ok && done < size) {
                    const qint64 n = std::min<qint64>(zeros.size(), size - done);
                    ok = m_tar.writeData(zeros.constData(), n);
                    done += n;
                }
            }
            ok = ok && m_tar.finishWriting(size);
            break;
        }
        default:
            return {}; // devices, FIFOs, sockets: not archived
        }
        if (!ok)
            return m_pipe.cancelled() ? QStringLiteral("the reader stopped")
                                      : QStringLiteral("writing %1 into the archive failed: %2")
                                            .arg(name, m_tar.device()->errorString());
        return {};
    }

    platform::SessionFiles &m_files;
    const ArchiveRequest &m_req;
    KTar &m_tar;
    BoundedPipe &m_pipe;
};

} // namespace

void writeArchive(const std::shared_ptr<platform::GuestSession> &session, const ArchiveRequest &req,
                  const std::shared_ptr<BoundedPipe> &pipe)
{
    PipeWriteDevice out(pipe);
    out.open(QIODevice::WriteOnly);
    std::unique_ptr<KCompressionDevice> gz;
    QIODevice *tarDevice = &out;
    if (req.format == ArchiveRequest::Format::Tgz) {
        gz = std::make_unique<KCompressionDevice>(&out, false, KCompressionDevice::GZip);
        if (!gz->open(QIODevice::WriteOnly)) {
            pipe->fail(QStringLiteral("gzip: %1").arg(gz->errorString()));
            return;
        }
        tarDevice = gz.get();
    }
    QString error;
    {
        KTar tar(tarDevice);
        if (!tar.open(QIODevice::WriteOnly)) {
            pipe->fail(QStringLiteral("tar: %1").arg(tar.errorString()));
            return;
        }
        error = Walker(session->files(), req, tar, *pipe).run();
        if (error.isEmpty()) {
            // The end-of-archive marker (two zero blocks): KTar leaves it out.
            const QByteArray zeros(1024, '\0');
            if (tarDevice->write(zeros) != zeros.size())
                error = QStringLiteral("the reader stopped");
        }
        tar.close();
    }
    if (gz)
        gz->close();
    if (error.isEmpty() && !pipe->write(archiveTrailer()))
        error = QStringLiteral("the reader stopped");
    if (error.isEmpty())
        pipe->finish();
    else
        pipe->fail(error);
}

} // namespace gk::hgfs::server
