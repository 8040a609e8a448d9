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
// The owner and group names of the previous entry: most entries of a
// directory share them, so a listing rarely needs the shared cache.
struct OwnerNameMemo
{
    qint64 uid = -1;
    QString user;
    qint64 gid = -1;
    QString group;
};
StatResult statAt(int dirFd, const char *path, const QByteArray &name, bool followSymlinks,
                  OwnerNameMemo *memo = nullptr);

} // namespace gk::platform::linuxos
