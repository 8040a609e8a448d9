#include "platform/SystemPaths.h"

namespace gk::platform {

QString defaultConfigPath()
{
    return QStringLiteral("/etc/guestkit/guestkit.conf");
}

} // namespace gk::platform
