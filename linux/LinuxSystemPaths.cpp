#include "platform/SystemPaths.h"

namespace gk::platform {

QString defaultConfigPath()
{
    return QStringLiteral("/etc/guestkit/guestkit.conf");
}

QString sharedFoldersRoot()
{
    // HGFSHLPR_DEFAULT_MOUNT_PATH (lib/hgfsHelper/hgfsHelperPosix.c), which
    // vmtoolsd reports whether or not anything is mounted there.
    return QStringLiteral("/mnt/hgfs");
}

} // namespace gk::platform
