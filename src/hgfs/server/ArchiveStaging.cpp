// The staging directory of an extraction and the move of what it holds into
// the target (ArchiveExtractor.h): everything an archive writes lands in a
// private directory beside the target first, and only a complete, accepted
// archive reaches the target, as one rename or, into an existing directory,
// a merge checked in full before anything moves.
#include "ArchiveExtractor.h"

#include "GuestFileHandler.h"

#include "platform/GuestSession.h"

namespace gk::hgfs::server {

using platform::FilePath;

FilePath ArchiveExtractor::staged(const QByteArray &rel) const
{
    return FilePath::fromBytes(rel.isEmpty() ? m_staging.bytes() : m_staging.bytes() + '/' + rel);
}

FilePath ArchiveExtractor::placed(const QByteArray &rel) const
{
    return FilePath::fromBytes(rel.isEmpty() ? m_target.bytes() : m_target.bytes() + '/' + rel);
}

HgfsError ArchiveExtractor::prepareStaging()
{
    platform::SessionFiles &files = m_session->files();
    QByteArray path = m_target.bytes();
    while (path.size() > 1 && path.endsWith('/'))
        path.chop(1);
    m_target = FilePath::fromBytes(path);
    const qsizetype slash = path.lastIndexOf('/');
    if (!path.startsWith('/') || slash < 0 || path.size() < 2)
        return HgfsError{HgfsErrorKind::InvalidName,
                         QStringLiteral("archive target '%1' is not an absolute path below "
                                        "the root")
                             .arg(QString::fromUtf8(path))};
    const FilePath parent = FilePath::fromBytes(slash == 0 ? QByteArray("/") : path.left(slash));
    auto st = files.stat(m_target, false);
    if (st.ok()) {
        if (!st.value.isDirectory())
            return HgfsError{HgfsErrorKind::NotADirectory,
                             QStringLiteral("archive target %1 exists and is not a directory")
                                 .arg(m_target.toString())};
        m_targetExists = true;
    } else if (st.error.kind != platform::PlatformError::Kind::NotFound) {
        return hgfsErrorFor(st.error);
    }
    platform::TempRequest req;
    req.kind = platform::TempRequest::Kind::Directory;
    req.prefix = ".guestkit-archive-";
    req.directory = parent;
    auto made = files.createTemporary(req);
    if (!made.ok() && m_targetExists &&
        made.error.kind == platform::PlatformError::Kind::PermissionDenied) {
        req.directory = m_target;
        made = files.createTemporary(req);
        m_stagingInsideTarget = made.ok();
    }
    if (!made.ok())
        return hgfsErrorFor(made.error);
    m_staging = made.value;
    return {};
}

void ArchiveExtractor::removeStaging()
{
    if (!m_staging.bytes().isEmpty())
        m_session->files().removeDirectory(m_staging, platform::RemoveMode::Recursive);
    m_staging = FilePath();
}

HgfsError ArchiveExtractor::place()
{
    platform::SessionFiles &files = m_session->files();
    if (!m_targetExists) {
        platform::MoveOptions options;
        options.overwrite = false;
        return hgfsErrorFor(files.move(m_staging, m_target, options));
    }
    if (HgfsError e = checkMerge({}); e.isError())
        return e;
    return merge({});
}

HgfsError ArchiveExtractor::checkMerge(const QByteArray &rel)
{
    platform::SessionFiles &files = m_session->files();
    auto lister = files.list(staged(rel));
    if (!lister.ok())
        return hgfsErrorFor(lister.error);
    while (true) {
        auto batch = lister.value->nextBatch(256);
        if (!batch.ok())
            return hgfsErrorFor(batch.error);
        if (batch.value.isEmpty())
            return {};
        for (const platform::FileInfo &fi : batch.value) {
            const QByteArray child = rel.isEmpty() ? fi.name : rel + '/' + fi.name;
            auto there = files.stat(placed(child), false);
            if (!there.ok())
                continue; // absent: moves in
            if (fi.isDirectory() != there.value.isDirectory())
                return HgfsError{HgfsErrorKind::Exists,
                                 QStringLiteral("archive refused: %1 is a %2 in the target and "
                                                "a %3 in the archive")
                                     .arg(placed(child).toString(),
                                          there.value.isDirectory() ? QStringLiteral("directory")
                                                                    : QStringLiteral("file"),
                                          fi.isDirectory() ? QStringLiteral("directory")
                                                           : QStringLiteral("file"))};
            if (fi.isDirectory())
                if (HgfsError e = checkMerge(child); e.isError())
                    return e;
        }
    }
}

HgfsError ArchiveExtractor::merge(const QByteArray &rel)
{
    platform::SessionFiles &files = m_session->files();
    auto lister = files.list(staged(rel));
    if (!lister.ok())
        return hgfsErrorFor(lister.error);
    QVector<platform::FileInfo> entries;
    while (true) {
        auto batch = lister.value->nextBatch(256);
        if (!batch.ok())
            return hgfsErrorFor(batch.error);
        if (batch.value.isEmpty())
            break;
        entries += batch.value;
    }
    for (const platform::FileInfo &fi : entries) {
        const QByteArray child = rel.isEmpty() ? fi.name : rel + '/' + fi.name;
        auto there = files.stat(placed(child), false);
        if (there.ok() && fi.isDirectory() && there.value.isDirectory()) {
            if (HgfsError e = merge(child); e.isError())
                return e;
            continue;
        }
        platform::MoveOptions options;
        options.overwrite = true;
        if (const platform::PlatformError e = files.move(staged(child), placed(child), options))
            return hgfsErrorFor(e);
    }
    return {};
}

} // namespace gk::hgfs::server
