#pragma once

#include <QString>

namespace gk::platform {

// A mounted file system backed by storage (pseudo file systems are left
// out), as guest info's disk report carries it.
struct FileSystemInfo
{
    QString mountPoint;
    QString device; // what is mounted (Linux: the mount source)
    QString type;   // "ext4", "xfs", "NTFS"
    quint64 capacityBytes = 0;
    quint64 freeBytes = 0; // available to unprivileged users
};

} // namespace gk::platform
