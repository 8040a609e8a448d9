#pragma once

#include "platform/FileInfo.h"
#include "platform/PlatformError.h"

namespace gk::platform::linuxos {

// Full attributes of `path` relative to `dirFd` (AT_FDCWD for absolute or
// cwd-relative paths; "" with dirFd an open file for that file). `name` is
// what FileInfo::name reports. Fails with errno as the native code.
struct StatResult
{
    FileInfo info;
    int error = 0; // errno, 0 on success
};
StatResult statAt(int dirFd, const char *path, const QByteArray &name, bool followSymlinks);

} // namespace gk::platform::linuxos
