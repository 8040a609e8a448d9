#pragma once

#include <QString>

namespace gk::platform {

// The guest power operations the VMX can ask for (OS_Halt, OS_Reboot,
// OS_Suspend in open-vm-tools' services/plugins/powerOps/powerOps.c).
enum class PowerAction { Halt, Reboot, Suspend };

QString powerActionName(PowerAction action);

} // namespace gk::platform
