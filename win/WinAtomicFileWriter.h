#pragma once

#include "platform/AtomicFileWriter.h"
#include "platform/FilePath.h"
#include "platform/FileRequests.h"

#include <memory>

namespace gk::platform::winos {

class WinGuestSession;

// Writes into a hidden temporary file in the target's directory and gives
// it the target name on commit() with MoveFileExW (replacing the target
// only with overwrite; without it an existing name fails Exists). Abort or
// destruction before commit deletes the temporary file.
class WinAtomicFileWriter final : public AtomicFileWriter
{
public:
    // Runs as the calling thread's identity (inside the session).
    static Result<std::unique_ptr<AtomicFileWriter>> open(std::shared_ptr<WinGuestSession> session,
                                                          const FilePath &path,
                                                          const WriteOptions &options);
    ~WinAtomicFileWriter() override;

    PlatformError write(const QByteArray &data) override;
    PlatformError commit() override;
    void abort() override;
    qint64 bytesWritten() const override { return m_written; }

private:
    WinAtomicFileWriter() = default;
    PlatformError closedError() const;

    std::shared_ptr<WinGuestSession> m_session;
    FilePath m_path;
    FilePath m_tempPath;
    void *m_handle = nullptr;
    bool m_overwrite = true;
    std::optional<AttributeChange> m_onCommit;
    qint64 m_written = 0;
};

} // namespace gk::platform::winos
