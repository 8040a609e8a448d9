#include "StateChange.h"

namespace gk::power {

const QList<StateChangeCommand> &stateChangeCommands()
{
    using platform::PowerAction;
    // powerops.h stateChangeCmdTable order; halt and reboot share the
    // poweroff script (powerOps.c stateChgConfNames).
    static const QList<StateChangeCommand> table = {
        {StateChange::PowerOn, "OS_PowerOn", QStringLiteral("poweron"),
         QStringLiteral("poweron-script"), QStringLiteral("poweron-vm-default"),
         "toolScripts.afterPowerOn", std::nullopt},
        {StateChange::Resume, "OS_Resume", QStringLiteral("resume"),
         QStringLiteral("resume-script"), QStringLiteral("resume-vm-default"),
         "toolScripts.afterResume", std::nullopt},
        {StateChange::Suspend, "OS_Suspend", QStringLiteral("suspend"),
         QStringLiteral("suspend-script"), QStringLiteral("suspend-vm-default"),
         "toolScripts.beforeSuspend", std::nullopt},
        {StateChange::Halt, "OS_Halt", QStringLiteral("halt"), QStringLiteral("poweroff-script"),
         QStringLiteral("poweroff-vm-default"), "toolScripts.beforePowerOff", PowerAction::Halt},
        {StateChange::Reboot, "OS_Reboot", QStringLiteral("reboot"),
         QStringLiteral("poweroff-script"), QStringLiteral("poweroff-vm-default"),
         "toolScripts.beforePowerOff", PowerAction::Reboot},
    };
    return table;
}

const StateChangeCommand *findStateChange(StateChange state)
{
    for (const StateChangeCommand &c : stateChangeCommands()) {
        if (c.state == state)
            return &c;
    }
    return nullptr;
}

QString stateChangeLabel(int state)
{
    const StateChangeCommand *c = findStateChange(StateChange(state));
    return c ? c->label : QString::number(state);
}

} // namespace gk::power
