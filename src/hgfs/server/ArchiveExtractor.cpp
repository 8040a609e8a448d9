#include "ArchiveExtractor.h"

#include "BackgroundWriter.h"
#include "GuestFileHandler.h"
#include "TarStreamReader.h"

#include "platform/GuestSession.h"

#include <KCompressionDevice>

#include <QIODevice>
#include <QThread>

namespace gk::hgfs::server {

using platform::FilePath;
using platform::FileType;

namespace {

constexpr qint64 kChunk = 256 * 1024;
// Files up to this size are read whole and may go to the background writer,
// at most kQueued of them waiting (4 MiB).
constexpr qint64 kSmallFile = 64 * 1024;
constexpr int kQueued = 64;
constexpr int kMaxComponent = 255;

HgfsError refuse(const QString &why)
{
    return HgfsError{HgfsErrorKind::InvalidParameter,
                     QStringLiteral("archive refused: %1").arg(why)};
}

QString show(const QByteArray &name)
{
    return QString::fromUtf8(name);
}

// The member name as components below the target; refuses what could leave it.
HgfsResult<QByteArrayList> componentsOf(const QByteArray &name)
{
    using R = HgfsResult<QByteArrayList>;
    if (name.startsWith('/'))
        return R::failure(refuse(QStringLiteral("'%1' is an absolute path").arg(show(name))));
    QByteArrayList out;
    for (const QByteArray &c : name.split('/')) {
        if (c.isEmpty() || c == ".")
            continue;
        if (c == "..")
            return R::failure(refuse(QStringLiteral("'%1' has a '..' component").arg(show(name))));
        if (c.size() > kMaxComponent)
            return R::failure(HgfsError{HgfsErrorKind::NameTooLong,
                                        QStringLiteral("archive refused: a name in '%1' is "
                                                       "longer than %2 bytes")
                                            .arg(show(name))
                                            .arg(kMaxComponent)});
        out.append(c);
    }
    return R::success(std::move(out));
}

qint64 nanos(qint64 seconds)
{
    return seconds * 1000000000LL;
}

} // namespace

ArchiveExtractor::ArchiveExtractor(std::shared_ptr<platform::GuestSession> session, FilePath target)
    : m_session(std::move(session)), m_target(std::move(target))
{}

ArchiveExtractor::~ArchiveExtractor() = default;

HgfsError ArchiveExtractor::run(QIODevice &in)
{
    if (HgfsError e = prepareStaging(); e.isError())
        return e;
    std::unique_ptr<KCompressionDevice> gz;
    QIODevice *source = &in;
    if (in.peek(3) == QByteArray("\x1f\x8b\x08", 3)) {
        gz = std::make_unique<KCompressionDevice>(&in, false, KCompressionDevice::GZip);
        if (!gz->open(QIODevice::ReadOnly)) {
            removeStaging();
            return refuse(QStringLiteral("gzip: %1").arg(gz->errorString()));
        }
        source = gz.get();
    }
    TarStreamReader reader(*source);
    HgfsError e = extractAll(reader);
    if (e.isError() && m_background)
        m_background->cancel(); // the staging directory goes as a whole
    else if (!e.isError())
        e = finishBackgroundWrites();
    m_background.reset();
    if (!e.isError())
        e = makeSymlinks();
    if (!e.isError())
        e = applyDirectoryAttributes();
    if (!e.isError())
        e = place();
    removeStaging();
    // What follows the archive (tar padding, govmomi's trailer) is drained so
    // that the writer never blocks on a reader that has stopped.
    char sink[16 * 1024];
    while (in.read(sink, sizeof sink) > 0) {
    }
    return e;
}

HgfsError ArchiveExtractor::extractAll(TarStreamReader &reader)
{
    while (true) {
        const std::optional<TarEntry> entry = reader.next();
        if (!entry) {
            if (!reader.error().isEmpty())
                return refuse(reader.error());
            return {};
        }
        if (HgfsError e = extract(reader, *entry); e.isError())
            return e;
        if (m_background)
            if (HgfsError e = m_background->failure(); e.isError())
                return e;
        ++m_entries;
    }
}

HgfsError ArchiveExtractor::ensureParents(const QByteArrayList &components)
{
    QByteArray rel;
    for (qsizetype i = 0; i + 1 < components.size(); ++i) {
        rel = rel.isEmpty() ? components[i] : rel + '/' + components[i];
        if (m_dirs.contains(rel))
            continue;
        const char kind = m_kinds.value(rel, 0);
        if (kind == 'l')
            return refuse(QStringLiteral("'%1' lies below the symlink '%2'")
                              .arg(show(components.join('/')), show(rel)));
        if (kind == 'f')
            return refuse(QStringLiteral("'%1' lies below the file '%2'")
                              .arg(show(components.join('/')), show(rel)));
        if (const platform::PlatformError e =
                m_session->files().makeDirectory(staged(rel), false, 0700))
            return hgfsErrorFor(e);
        m_dirs.insert(rel);
        m_kinds.insert(rel, 'd');
    }
    return {};
}

HgfsError ArchiveExtractor::extract(TarStreamReader &reader, const TarEntry &entry)
{
    using Type = TarEntry::Type;
    switch (entry.type) {
    case Type::CharDevice:
    case Type::BlockDevice:
        return refuse(QStringLiteral("'%1' is a device node").arg(show(entry.name)));
    case Type::Fifo:
        return refuse(QStringLiteral("'%1' is a FIFO").arg(show(entry.name)));
    case Type::Other:
        return refuse(QStringLiteral("'%1' has the unsupported member type '%2'")
                          .arg(show(entry.name))
                          .arg(QLatin1Char(entry.typeflag ? entry.typeflag : '?')));
    default:
        break;
    }
    auto parts = componentsOf(entry.name);
    if (!parts.ok())
        return parts.error;
    const QByteArrayList &components = parts.value;
    if (components.isEmpty()) {
        if (entry.type != Type::Directory)
            return refuse(QStringLiteral("a member without a name"));
        m_rootAttributes = DirAttributes{{}, entry.mode, entry.mtime};
        return {};
    }
    const QByteArray rel = components.join('/');
    if (HgfsError e = ensureParents(components); e.isError())
        return e;
    const char existing = m_kinds.value(rel, 0);
    if (existing == 'l')
        return refuse(QStringLiteral("'%1' appears twice, once as a symlink").arg(show(rel)));
    switch (entry.type) {
    case Type::Directory:
        if (existing == 'f')
            return refuse(QStringLiteral("'%1' is both a file and a directory").arg(show(rel)));
        if (!m_dirs.contains(rel)) {
            if (const platform::PlatformError e =
                    m_session->files().makeDirectory(staged(rel), false, 0700))
                return hgfsErrorFor(e);
            m_dirs.insert(rel);
            m_kinds.insert(rel, 'd');
        }
        m_dirAttributes.push_back({rel, entry.mode, entry.mtime});
        return {};
    case Type::File:
        if (existing == 'd')
            return refuse(QStringLiteral("'%1' is both a directory and a file").arg(show(rel)));
        return writeFile(reader, rel, entry);
    case Type::Hardlink: {
        if (existing == 'd')
            return refuse(QStringLiteral("'%1' is both a directory and a link").arg(show(rel)));
        auto from = componentsOf(entry.linkName);
        if (!from.ok() || from.value.isEmpty())
            return refuse(QStringLiteral("hard link '%1' points out of the target ('%2')")
                              .arg(show(rel), show(entry.linkName)));
        const QByteArray fromRel = from.value.join('/');
        if (m_kinds.value(fromRel, 0) != 'f')
            return refuse(QStringLiteral("hard link '%1' points to '%2', which is not a file "
                                         "extracted before it")
                              .arg(show(rel), show(entry.linkName)));
        return copyFile(fromRel, rel, entry);
    }
    case Type::Symlink: {
        if (existing)
            return refuse(QStringLiteral("'%1' appears twice, once as a symlink").arg(show(rel)));
        if (entry.linkName.isEmpty())
            return refuse(QStringLiteral("symlink '%1' has no target").arg(show(rel)));
        if (entry.linkName.startsWith('/'))
            return refuse(QStringLiteral("symlink '%1' points to the absolute path '%2'")
                              .arg(show(rel), show(entry.linkName)));
        m_kinds.insert(rel, 'l');
        m_symlinks.push_back({components, entry.linkName});
        return {};
    }
    default:
        return refuse(QStringLiteral("'%1': unsupported member").arg(show(rel)));
    }
}

platform::WriteOptions ArchiveExtractor::stagedWrite(const QByteArray &rel, quint32 mode,
                                                     qint64 modified) const
{
    platform::WriteOptions options;
    // The staging directory is the user's own and new: a file is created
    // under its name at once. A later member of the same name replaces the
    // earlier one, as with tar, through the atomic replacement.
    const bool again = m_kinds.value(rel, 0) == 'f';
    options.createInPlace = !again;
    options.overwrite = again;
    options.mode = mode & 0777;
    options.durable = false; // the staging directory is provisional as a whole
    platform::AttributeChange change;
    change.mode = mode & 07777;
    change.modified = modified;
    change.accessed = modified;
    options.onCommit = change;
    return options;
}

HgfsError ArchiveExtractor::finishBackgroundWrites()
{
    return m_background ? m_background->drain() : HgfsError{};
}

HgfsError ArchiveExtractor::writeSmallFile(TarStreamReader &reader, const QByteArray &rel,
                                           const TarEntry &entry)
{
    QByteArray data;
    data.reserve(int(entry.size));
    while (data.size() < entry.size) {
        const QByteArray chunk = reader.readData(entry.size - data.size());
        if (chunk.isEmpty())
            return refuse(reader.error().isEmpty() ? QStringLiteral("the archive is truncated")
                                                   : reader.error());
        data += chunk;
    }
    BackgroundWriter::Job job = [files = &m_session->files(), path = staged(rel),
                                 options = stagedWrite(rel, entry.mode, nanos(entry.mtime)),
                                 data = std::move(data)]() -> HgfsError {
        auto writer = files->openWrite(path, options);
        if (!writer.ok())
            return hgfsErrorFor(writer.error);
        if (!data.isEmpty())
            if (const platform::PlatformError e = writer.value->write(data))
                return hgfsErrorFor(e);
        return hgfsErrorFor(writer.value->commit());
    };
    m_kinds.insert(rel, 'f');
    if (!m_background && QThread::idealThreadCount() > 1)
        m_background = std::make_unique<BackgroundWriter>(m_session, kQueued);
    // A full queue: this thread writes the file itself meanwhile.
    if (m_background && m_background->offer(job))
        return {};
    return job();
}

HgfsError ArchiveExtractor::writeFile(TarStreamReader &reader, const QByteArray &rel,
                                      const TarEntry &entry)
{
    if (m_kinds.value(rel, 0) == 'f') {
        // The earlier member of this name must be written before this one
        // replaces it.
        if (HgfsError e = finishBackgroundWrites(); e.isError())
            return e;
    } else if (entry.size <= kSmallFile) {
        return writeSmallFile(reader, rel, entry);
    }
    auto writer =
        m_session->files().openWrite(staged(rel), stagedWrite(rel, entry.mode, nanos(entry.mtime)));
    if (!writer.ok())
        return hgfsErrorFor(writer.error);
    qint64 done = 0;
    while (done < entry.size) {
        const QByteArray data = reader.readData(kChunk);
        if (data.isEmpty()) {
            writer.value->abort();
            return refuse(reader.error().isEmpty() ? QStringLiteral("the archive is truncated")
                                                   : reader.error());
        }
        if (const platform::PlatformError e = writer.value->write(data))
            return hgfsErrorFor(e);
        done += data.size();
    }
    if (const platform::PlatformError e = writer.value->commit())
        return hgfsErrorFor(e);
    m_kinds.insert(rel, 'f');
    return {};
}

HgfsError ArchiveExtractor::copyFile(const QByteArray &fromRel, const QByteArray &rel,
                                     const TarEntry &entry)
{
    // The file linked to may still be waiting in the background writer.
    if (HgfsError e = finishBackgroundWrites(); e.isError())
        return e;
    platform::SessionFiles &files = m_session->files();
    auto reader = files.openRead(staged(fromRel));
    if (!reader.ok())
        return hgfsErrorFor(reader.error);
    auto info = reader.value->info();
    if (!info.ok())
        return hgfsErrorFor(info.error);
    auto writer = files.openWrite(
        staged(rel), stagedWrite(rel, info.value.mode.value_or(0644),
                                 info.value.times.modified.value_or(nanos(entry.mtime))));
    if (!writer.ok())
        return hgfsErrorFor(writer.error);
    qint64 done = 0;
    while (true) {
        auto data = reader.value->read(done, kChunk);
        if (!data.ok())
            return hgfsErrorFor(data.error);
        if (data.value.isEmpty())
            break;
        if (const platform::PlatformError e = writer.value->write(data.value))
            return hgfsErrorFor(e);
        done += data.value.size();
    }
    if (const platform::PlatformError e = writer.value->commit())
        return hgfsErrorFor(e);
    m_kinds.insert(rel, 'f');
    return {};
}

HgfsError ArchiveExtractor::makeSymlinks()
{
    // Every member is known now, so a target that runs through a link of the
    // archive (whose own target could climb further) is recognised wherever
    // in the archive that link came.
    for (const Symlink &link : m_symlinks) {
        const QByteArray rel = link.components.join('/');
        QByteArrayList at = link.components.mid(0, link.components.size() - 1);
        const QByteArrayList steps = link.target.split('/');
        for (qsizetype i = 0; i < steps.size(); ++i) {
            const QByteArray &step = steps[i];
            if (step.isEmpty() || step == ".")
                continue;
            if (step == "..") {
                if (at.isEmpty())
                    return refuse(QStringLiteral("symlink '%1' points out of the target ('%2')")
                                      .arg(show(rel), show(link.target)));
                at.removeLast();
                continue;
            }
            at.append(step);
            const bool more = i + 1 < steps.size();
            if (more && m_kinds.value(at.join('/'), 0) == 'l')
                return refuse(QStringLiteral("symlink '%1' points through the symlink '%2'")
                                  .arg(show(rel), show(at.join('/'))));
        }
        if (const platform::PlatformError e =
                m_session->files().makeSymlink(staged(rel), link.target))
            return e.kind == platform::PlatformError::Kind::Exists
                       ? refuse(QStringLiteral("symlink '%1' collides with another member")
                                    .arg(show(rel)))
                       : hgfsErrorFor(e);
    }
    return {};
}

HgfsError ArchiveExtractor::applyDirectoryAttributes()
{
    // Deepest first (the reverse of the archive's order, parents come
    // first), so setting a directory's time is not undone by its children
    // and a read-only directory is made so after it was filled.
    platform::SessionFiles &files = m_session->files();
    for (auto it = m_dirAttributes.rbegin(); it != m_dirAttributes.rend(); ++it) {
        platform::AttributeChange change;
        change.mode = it->mode & 07777;
        change.modified = nanos(it->mtime);
        change.accessed = change.modified;
        if (const platform::PlatformError e = files.changeAttributes(staged(it->rel), change))
            return hgfsErrorFor(e);
    }
    if (m_rootAttributes && !m_targetExists) {
        platform::AttributeChange change;
        change.mode = m_rootAttributes->mode & 07777;
        change.modified = nanos(m_rootAttributes->mtime);
        change.accessed = change.modified;
        return hgfsErrorFor(files.changeAttributes(m_staging, change));
    }
    if (!m_targetExists) {
        platform::AttributeChange change;
        change.mode = 0755;
        return hgfsErrorFor(files.changeAttributes(m_staging, change));
    }
    return {};
}

} // namespace gk::hgfs::server
