#pragma once

#include "platform/PowerAction.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gk::power {

// GuestOsState of open-vm-tools lib/include/vmware/guestrpc/powerops.h; the
// values go out in `tools.os.statechange.status <success> <state>`.
enum class StateChange { None = 0, Halt = 1, Reboot = 2, PowerOn = 3, Resume = 4, Suspend = 5 };

// One row of powerops.h stateChangeCmdTable, with the script that runs for it.
struct StateChangeCommand
{
    StateChange state;
    QByteArray tcloName;     // "OS_Halt"
    QString label;           // "halt", for logs and the simulator
    QString scriptKey;       // [powerops] key (tools.conf CONFNAME_*SCRIPT)
    QString defaultScript;   // GuestApp_GetDefaultScript: poweroff-vm-default, ...
    QByteArray scriptOption; // Set_Option toolScripts.* that enables the script
    // What the guest itself does after a positive status; suspend is done
    // by the VMX (powerOps.c PowerOpsStateChangeDone acts on halt/reboot only).
    std::optional<platform::PowerAction> action;
};

const QList<StateChangeCommand> &stateChangeCommands();
const StateChangeCommand *findStateChange(StateChange state);
QString stateChangeLabel(int state); // "halt", or the number when unknown

} // namespace gk::power
