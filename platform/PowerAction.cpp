#include "PowerAction.h"

namespace gk::platform {

QString powerActionName(PowerAction action)
{
    switch (action) {
    case PowerAction::Halt:
        return QStringLiteral("halt");
    case PowerAction::Reboot:
        return QStringLiteral("reboot");
    case PowerAction::Suspend:
        return QStringLiteral("suspend");
    }
    return QStringLiteral("unknown");
}

} // namespace gk::platform
