#pragma once

#include "platform/FilePath.h"
#include "platform/FileRequests.h"
#include "platform/PlatformError.h"

#include <memory>

namespace gk::platform::linuxos {

class LinuxGuestSession;

// What mv does when rename() says EXDEV, for a regular file: copy it into
// the target directory through an atomic write (so the target appears only
// complete), give it the source's mode and times, then delete the source.
// Anything else (a directory, a symlink) fails with CrossDevice. Runs as
// the calling thread's identity, inside `session`.
PlatformError moveFileAcrossDevices(const std::shared_ptr<LinuxGuestSession> &session,
                                    const FilePath &from, const FilePath &to,
                                    const MoveOptions &options);

} // namespace gk::platform::linuxos
