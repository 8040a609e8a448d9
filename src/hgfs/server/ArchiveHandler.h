#pragma once

#include "HgfsFileHandler.h"

namespace gk::hgfs::server {

// The "archive" scheme (govmomi toolbox/hgfs/archive.go ArchiveHandler):
// "/archive:/some/dir?format=tgz" read is the directory as a tar stream built
// while the VMX reads it; written, it is a tar or tar.gz extracted into the
// directory while the VMX writes it. Nothing is held whole in memory or
// written to disk first: a producer (download) or consumer (upload) thread
// runs as the user and meets the HGFS reads/writes at a bounded buffer.
// GETATTR/stat reports a regular file of size INT64_MAX (the size is not
// known before the end; the stream ends with a short read), as govmomi does.
class ArchiveHandler final : public HgfsFileHandler
{
public:
    static constexpr const char *kScheme = "archive";
    // How long a READ waits for the producer before answering with what it
    // has (an empty answer means the end, so it waits for at least a byte).
    static constexpr int kReadWaitMs = 50 * 1000;

    HgfsResult<platform::FileInfo> stat(const std::shared_ptr<platform::GuestSession> &session,
                                        const QByteArray &path) override;
    HgfsResult<std::unique_ptr<HgfsOpenFile>>
    open(const std::shared_ptr<platform::GuestSession> &session, const QByteArray &path,
         const HgfsOpenArgs &args) override;
    // The VMX may set attributes after an upload; an archive has none of its
    // own, so that succeeds and changes nothing.
    HgfsError setAttributes(const std::shared_ptr<platform::GuestSession> &session,
                            const QByteArray &path,
                            const platform::AttributeChange &change) override;
};

} // namespace gk::hgfs::server
