#pragma once

#include "platform/FilePath.h"
#include "platform/PlatformError.h"

namespace gk::platform::linuxos {

// Deletes the directory `path` and everything under it, as the calling
// thread's identity. Every level is opened with O_NOFOLLOW relative to its
// parent's descriptor, so a symlink inside the tree (or one swapped in while
// it runs) is unlinked, never followed out of the tree. `path` itself must
// be a directory, not a symlink to one (NotADirectory).
PlatformError removeTree(const FilePath &path);

} // namespace gk::platform::linuxos
