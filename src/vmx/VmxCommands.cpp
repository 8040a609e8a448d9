#include "VmxCommands.h"

#include "GuestInfoView.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

namespace gk::vmx {

CommandOutput CommandOutput::error(const QString &message, int exitCode)
{
    CommandOutput out;
    out.exitCode = exitCode;
    out.text = message;
    out.json = QJsonObject{{QStringLiteral("error"), message}};
    return out;
}

QString printable(const QByteArray &bytes)
{
    QString text;
    text.reserve(bytes.size());
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (u >= 0x20 && u < 0x7f && c != '\\')
            text += QLatin1Char(c);
        else if (c == '\\')
            text += QStringLiteral("\\\\");
        else
            text += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
    }
    return text;
}

namespace {

CommandOutput runPing(VmxSession &s, const QStringList &args)
{
    if (!args.isEmpty())
        return CommandOutput::error(QStringLiteral("ping takes no arguments"), 2);
    QElapsedTimer timer;
    timer.start();
    const TcloResult r = s.sim.call("ping");
    const qint64 us = timer.nsecsElapsed() / 1000;
    if (!r.delivered)
        return CommandOutput::error(QStringLiteral("no answer from the guest"));
    CommandOutput out;
    out.exitCode = r.ok() ? 0 : 1;
    out.text = QStringLiteral("%1 (round trip %2 µs)").arg(printable(r.reply)).arg(us);
    out.json = QJsonObject{{QStringLiteral("reply"), printable(r.reply)},
                           {QStringLiteral("ok"), r.ok()},
                           {QStringLiteral("roundTripMicroseconds"), us}};
    return out;
}

CommandOutput runRpc(VmxSession &s, const QStringList &args)
{
    if (args.size() != 1)
        return CommandOutput::error(QStringLiteral("usage: rpc '<TCLO command text>'"), 2);
    const TcloResult r = s.sim.call(args.first().toUtf8());
    if (!r.delivered)
        return CommandOutput::error(QStringLiteral("no answer from the guest"));
    CommandOutput out;
    out.exitCode = r.ok() ? 0 : 1;
    out.text = printable(r.reply);
    out.json =
        QJsonObject{{QStringLiteral("reply"), printable(r.reply)}, {QStringLiteral("ok"), r.ok()}};
    return out;
}

QJsonObject mapToJson(const QMap<QByteArray, QByteArray> &map)
{
    QJsonObject o;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        o.insert(QString::fromUtf8(it.key()), printable(it.value()));
    return o;
}

CommandOutput runInfo(VmxSession &s, const QStringList &args)
{
    if (!args.isEmpty())
        return CommandOutput::error(QStringLiteral("info takes no arguments"), 2);
    // The guest's report follows the handshake: give it a moment to arrive.
    s.sim.waitForRpci("SetGuestInfo  7 ", 5000);
    const GuestState &g = s.sim.guest();
    QJsonObject records;
    for (auto it = g.guestInfo.cbegin(); it != g.guestInfo.cend(); ++it)
        records.insert(QString::number(it.key()), it.value().size());
    CommandOutput out;
    out.json = QJsonObject{
        {QStringLiteral("toolsVersion"), QString::fromUtf8(g.toolsVersion)},
        {QStringLiteral("toolsVersionType"), QString::fromUtf8(g.toolsVersionType)},
        {QStringLiteral("capabilities"), mapToJson(g.capabilities)},
        {QStringLiteral("features"), QString::fromUtf8(g.features)},
        {QStringLiteral("confDirectory"), QString::fromUtf8(g.confDirectory)},
        {QStringLiteral("variables"), mapToJson(g.variables)},
        {QStringLiteral("guestInfoRecordBytes"), records},
        {QStringLiteral("guest"), guestInfoJson(g)},
    };
    QStringList lines;
    lines << QStringLiteral("tools version:   %1 (type %2)")
                 .arg(QString::fromUtf8(g.toolsVersion),
                      g.toolsVersionType.isEmpty() ? QStringLiteral("-")
                                                   : QString::fromUtf8(g.toolsVersionType));
    lines << QStringLiteral("conf directory:  %1").arg(QString::fromUtf8(g.confDirectory));
    lines << QStringLiteral("capabilities:");
    for (auto it = g.capabilities.cbegin(); it != g.capabilities.cend(); ++it)
        lines << QStringLiteral("  %1 %2").arg(QString::fromUtf8(it.key()), printable(it.value()));
    if (!g.features.isEmpty())
        lines << QStringLiteral("  features %1").arg(printable(g.features));
    lines << QStringLiteral("guestinfo variables:");
    for (auto it = g.variables.cbegin(); it != g.variables.cend(); ++it)
        lines
            << QStringLiteral("  %1 = %2").arg(QString::fromUtf8(it.key()), printable(it.value()));
    lines << guestInfoLines(g);
    out.text = lines.join(QLatin1Char('\n'));
    return out;
}

} // namespace

const QList<VmxCommand> &vmxCommands()
{
    static const QList<VmxCommand> table =
        QList<VmxCommand>{
            {QStringLiteral("ping"), QString(), QStringLiteral("TCLO ping round trip"), runPing},
            {QStringLiteral("info"), QString(),
             QStringLiteral("what the guest reported (version, capabilities, NICs, OS, disks)"),
             runInfo},
            {QStringLiteral("rpc"), QStringLiteral("'<TCLO text>'"),
             QStringLiteral("send one raw TCLO command and print the reply"), runRpc},
        } +
        vixVmxCommands() + fileVmxCommands() + powerVmxCommands() + transferVmxCommands() +
        processIoVmxCommands();
    return table;
}

const VmxCommand *findVmxCommand(const QString &name)
{
    for (const VmxCommand &c : vmxCommands()) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

} // namespace gk::vmx
