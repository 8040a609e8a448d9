// guestkit-vmx power: the TCLO state change commands a VMX sends for
// ShutdownGuest / RebootGuest / StandbyGuest (services/plugins/powerOps/).
#include "VmxCommands.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QTimer>

namespace gk::vmx {
namespace {

struct PowerVerb
{
    const char *verb;
    const char *tclo;
};

// powerops.h stateChangeCmdTable.
constexpr PowerVerb kVerbs[] = {{"halt", "OS_Halt"},
                                {"reboot", "OS_Reboot"},
                                {"suspend", "OS_Suspend"},
                                {"poweron", "OS_PowerOn"},
                                {"resume", "OS_Resume"}};

// GuestOsState (powerops.h) names for the status report.
QString stateName(int state)
{
    static const char *names[] = {"none", "halt", "reboot", "poweron", "resume", "suspend"};
    return state >= 0 && state < 6 ? QString::fromLatin1(names[state]) : QString::number(state);
}

// Waits for the guest's next tools.os.statechange.status after `before` of them.
bool waitForStatus(VmxSimulator &sim, qsizetype before, int timeoutMs)
{
    if (sim.guest().stateChanges.size() > before)
        return true;
    QEventLoop loop;
    QObject::connect(&sim, &VmxSimulator::rpciAnswered, &loop, [&](const QByteArray &request) {
        if (request.startsWith("tools.os.statechange.status"))
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return sim.guest().stateChanges.size() > before;
}

CommandOutput runPower(VmxSession &s, const QStringList &args)
{
    const PowerVerb *verb = nullptr;
    for (const PowerVerb &v : kVerbs) {
        if (args.size() == 1 && args.first() == QLatin1String(v.verb))
            verb = &v;
    }
    if (!verb)
        return CommandOutput::error(
            QStringLiteral("usage: power halt|reboot|suspend|poweron|resume"), 2);
    const qsizetype before = s.sim.guest().stateChanges.size();
    const TcloResult r = s.sim.call(verb->tclo);
    if (!r.delivered)
        return CommandOutput::error(QStringLiteral("no answer from the guest"));
    CommandOutput out;
    QJsonObject json{{QStringLiteral("command"), QString::fromLatin1(verb->tclo)},
                     {QStringLiteral("reply"), printable(r.reply)}};
    QStringList lines{
        QStringLiteral("%1 -> %2").arg(QString::fromLatin1(verb->tclo), printable(r.reply))};
    // The status follows when the guest's script ended (bounded by its
    // script timeout, 60 s by default).
    if (!waitForStatus(s.sim, before, 120000)) {
        lines << QStringLiteral("no state change status from the guest");
        out.exitCode = 1;
    } else {
        const QList<QByteArray> fields =
            s.sim.guest().stateChanges.value(before).trimmed().split(' ');
        const bool success = fields.value(0) == "1";
        const int state = fields.value(1).toInt();
        json.insert(QStringLiteral("success"), success);
        json.insert(QStringLiteral("state"), stateName(state));
        lines << QStringLiteral("tools.os.statechange.status: success=%1 state=%2 (%3)")
                     .arg(success ? 1 : 0)
                     .arg(state)
                     .arg(stateName(state));
        out.exitCode = r.ok() && success ? 0 : 1;
    }
    out.text = lines.join(QLatin1Char('\n'));
    out.json = json;
    return out;
}

} // namespace

QList<VmxCommand> powerVmxCommands()
{
    return {{QStringLiteral("power"), QStringLiteral("halt|reboot|suspend|poweron|resume"),
             QStringLiteral("send a TCLO power command and show the state-change report"),
             runPower}};
}

} // namespace gk::vmx
