#pragma once

#include "ArchiveOptions.h"
#include "BoundedPipe.h"

namespace gk::platform {
class GuestSession;
}

namespace gk::hgfs::server {

// Streams the directory `req.path` (or the single file it names) as a tar,
// gzip'd for Format::Tgz, into `pipe` as it walks: the walk writes the
// members (TarStreamWriter's GNU headers) on the calling thread, KArchive's
// KCompressionDevice compresses on a second one, nothing touches the disk. Every access goes
// through the user's session. Regular files, directories (empty ones too)
// and symlinks are stored with their modes and modification times; other
// types (devices, FIFOs, sockets) and entries the user cannot read are left
// out, as govmomi's archiveWrite does. Ends with govmomi's trailer, then
// finishes the pipe, or fails it with the reason. Blocks; run it on its own
// thread. Stops early when the reader cancels the pipe.
void writeArchive(const std::shared_ptr<platform::GuestSession> &session, const ArchiveRequest &req,
                  const std::shared_ptr<BoundedPipe> &pipe);

} // namespace gk::hgfs::server
