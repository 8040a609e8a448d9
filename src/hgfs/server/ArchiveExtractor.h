#pragma once

#include "HgfsFileHandler.h"

#include "platform/FilePath.h"
#include "platform/FileRequests.h"

#include <QHash>
#include <QSet>

#include <memory>
#include <optional>
#include <vector>

class QIODevice;

namespace gk::hgfs::server {

class BackgroundWriter;
class TarStreamReader;
struct TarEntry;

// Extracts a tar or tar.gz stream (gzip is recognised by its magic) into the
// directory `target`, as the session's user, refusing anything that could
// write outside it:
//  - absolute member names, '..' components, empty or over-long components;
//  - symlinks whose target is absolute, climbs above the target, or passes
//    through another symlink of the archive; members below a symlink;
//  - hard links to anything but a regular file extracted before (those are
//    copies);
//  - device nodes, FIFOs and member types it does not know.
// Everything is first written into a new staging directory beside the
// target (in the target's parent; inside the target when the parent is not
// writable) and moved into place only when the whole archive was read and
// accepted; a refused or broken archive leaves the target as it was.
// Symlinks are made last, once every member is known. Small files are
// written by a second thread (BackgroundWriter) while this one reads on. An existing target
// is merged into: files in it are replaced by the archive's, directories
// merged; a file where the target has a directory (or the reverse) refuses
// the archive before anything moves.
class ArchiveExtractor
{
public:
    ArchiveExtractor(std::shared_ptr<platform::GuestSession> session, platform::FilePath target);
    ~ArchiveExtractor();

    // Reads `in` to its end (what follows the tar's end marker is drained
    // unread). Blocks.
    HgfsError run(QIODevice &in);

    int entriesExtracted() const { return m_entries; }

private:
    struct Symlink
    {
        QByteArrayList components;
        QByteArray target;
    };
    struct DirAttributes
    {
        QByteArray rel;
        quint32 mode;
        qint64 mtime;
    };

    // ArchiveStaging.cpp: the staging directory and the move into the target.
    HgfsError prepareStaging();
    HgfsError place();
    HgfsError checkMerge(const QByteArray &rel);
    HgfsError merge(const QByteArray &rel);
    void removeStaging();
    platform::FilePath staged(const QByteArray &rel) const;
    platform::FilePath placed(const QByteArray &rel) const;

    // ArchiveExtractor.cpp: reading the members into the staging directory.
    HgfsError extractAll(TarStreamReader &reader);
    HgfsError extract(TarStreamReader &reader, const TarEntry &entry);
    // How a member's file is written into the staging directory.
    platform::WriteOptions stagedWrite(const QByteArray &rel, quint32 mode, qint64 modified) const;
    HgfsError writeFile(TarStreamReader &reader, const QByteArray &rel, const TarEntry &entry);
    HgfsError writeSmallFile(TarStreamReader &reader, const QByteArray &rel, const TarEntry &entry);
    // Every file handed to the background writer is written (or the first
    // failure among them).
    HgfsError finishBackgroundWrites();
    HgfsError copyFile(const QByteArray &fromRel, const QByteArray &rel, const TarEntry &entry);
    HgfsError ensureParents(const QByteArrayList &components);
    HgfsError makeSymlinks();
    HgfsError applyDirectoryAttributes();

    std::shared_ptr<platform::GuestSession> m_session;
    platform::FilePath m_target;
    platform::FilePath m_staging;
    bool m_targetExists = false;
    bool m_stagingInsideTarget = false;
    QSet<QByteArray> m_dirs;         // relative directories made so far
    QHash<QByteArray, char> m_kinds; // relative path -> 'f', 'd', 'l'
    std::vector<Symlink> m_symlinks; // made at the end
    std::vector<DirAttributes> m_dirAttributes;
    std::optional<DirAttributes> m_rootAttributes;
    int m_entries = 0;
    std::unique_ptr<BackgroundWriter> m_background; // made with the first small file
};

} // namespace gk::hgfs::server
