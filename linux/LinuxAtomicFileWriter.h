#pragma once

#include "UniqueFd.h"
#include "platform/AtomicFileWriter.h"
#include "platform/FilePath.h"
#include "platform/FileRequests.h"

#include <atomic>
#include <memory>

namespace gk::platform::linuxos {

class LinuxGuestSession;

// Writes into an O_TMPFILE file (no name at all until commit, so a crash
// leaves nothing) in the target's directory; where the file system has no
// O_TMPFILE, into a hidden temporary name there. commit() links the data to
// the target name (linkat: fails if the name exists, for no-overwrite) or
// renames it over the target (rename: atomic replacement). With
// WriteOptions::createInPlace the file is made under its name at once and
// abort() unlinks it.
class LinuxAtomicFileWriter final : public AtomicFileWriter
{
public:
    // Runs as the calling thread's identity (inside the session).
    static Result<std::unique_ptr<AtomicFileWriter>>
    open(std::shared_ptr<LinuxGuestSession> session, const FilePath &path,
         const WriteOptions &options);
    ~LinuxAtomicFileWriter() override;

    PlatformError write(const QByteArray &data) override;
    PlatformError commit() override;
    void abort() override;
    qint64 bytesWritten() const override { return m_written; }

    // Off: always use the hidden temporary name, as on a file system
    // without O_TMPFILE (so tests can prove that path leaves nothing either).
    static void setUnnamedFilesEnabled(bool enabled);

private:
    LinuxAtomicFileWriter() = default;
    PlatformError linkInto(const QByteArray &name);
    PlatformError finish();
    PlatformError closedError() const;

    std::shared_ptr<LinuxGuestSession> m_session;
    FilePath m_path;
    QByteArray m_name;
    UniqueFd m_dirFd;
    UniqueFd m_fd;
    QByteArray m_tempName; // empty with O_TMPFILE
    bool m_overwrite = true;
    bool m_durable = true;
    bool m_inPlace = false;
    std::optional<AttributeChange> m_onCommit;
    qint64 m_written = 0;
    // Write-back is started for every stretch this long (see write()).
    static constexpr qint64 kWritebackStretch = 8 * 1024 * 1024;
    qint64 m_writebackStarted = 0;
    static std::atomic<bool> s_unnamedFiles;
};

} // namespace gk::platform::linuxos
