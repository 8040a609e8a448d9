#pragma once

#include "HgfsFileHandler.h"

#include "platform/PlatformError.h"
#include "platform/SessionFiles.h"

#include <atomic>
#include <memory>

namespace gk::hgfs::server {

// PlatformError::Kind -> HgfsErrorKind, once for every handler over platform/.
HgfsError hgfsErrorFor(const platform::PlatformError &error);

// The default handler: the guest file system, through the user's
// GuestSession (SessionFiles), so the OS checks every access as that user.
// Reads are positional (64-bit offsets). Writes go through AtomicFileWriter:
// the file takes its name only at close; a write handle dropped before that
// leaves the target as it was. Writes must be consecutive (the VMX streams a
// file front to back), a gap or rewind is INVALID_PARAMETER.
class GuestFileHandler final : public HgfsFileHandler
{
public:
    // `durableWrites` (null: always durable) is read at each write open: true,
    // a written file's data is on disk (fdatasync) before it takes its name,
    // so that not even a power cut can leave a part of it under that name;
    // false, as vmtoolsd, the kernel writes it back in its own time.
    explicit GuestFileHandler(std::shared_ptr<const std::atomic<bool>> durableWrites = nullptr)
        : m_durableWrites(std::move(durableWrites))
    {}

    // Regular files whose stat size is 0 (procfs, sysfs) are read through to
    // learn their size, up to this many bytes.
    static constexpr qint64 kMeasureCap = 64 * 1024 * 1024;

    // The size a transfer of `path` (stat `info`, links followed) delivers:
    // info.size, or for a regular file of stat size 0 what reading it gives
    // (up to kMeasureCap; 0 when it cannot be read or would block). The VIX
    // InitiateFileTransferFromGuest answer uses it too.
    static qint64 transferSize(platform::SessionFiles &files, const platform::FilePath &path,
                               const platform::FileInfo &info);

    HgfsResult<platform::FileInfo> stat(const std::shared_ptr<platform::GuestSession> &session,
                                        const QByteArray &path) override;
    HgfsResult<std::unique_ptr<HgfsOpenFile>>
    open(const std::shared_ptr<platform::GuestSession> &session, const QByteArray &path,
         const HgfsOpenArgs &args) override;
    HgfsError setAttributes(const std::shared_ptr<platform::GuestSession> &session,
                            const QByteArray &path,
                            const platform::AttributeChange &change) override;

private:
    std::shared_ptr<const std::atomic<bool>> m_durableWrites;
};

} // namespace gk::hgfs::server
