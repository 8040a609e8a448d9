// guestkit-vmx: a simulated VMX and host-side client for guestkit.
#include "DaemonLauncher.h"
#include "VmxCommands.h"
#include "VmxSimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>

using namespace gk;

namespace {

void out(const QString &text)
{
    std::fprintf(stdout, "%s\n", qPrintable(text));
    std::fflush(stdout);
}

void err(const QString &text)
{
    std::fprintf(stderr, "guestkit-vmx: %s\n", qPrintable(text));
}

QString defaultEndpoint()
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR", QDir::tempPath());
    return QStringLiteral("sim:unix:%1/guestkit-vmx.sock").arg(runtime);
}

QString commandHelp()
{
    QStringList lines{QStringLiteral("Commands:")};
    for (const vmx::VmxCommand &c : vmx::vmxCommands())
        lines << QStringLiteral("  %1 %2")
                     .arg(c.name + QLatin1Char(' ') + c.usage, -28)
                     .arg(c.summary);
    lines << QStringLiteral("  %1 %2")
                 .arg(QStringLiteral("demo"), -28)
                 .arg(QStringLiteral("start a guestkitd and walk through what it does"));
    return lines.join(QLatin1Char('\n'));
}

void print(const vmx::CommandOutput &o, bool json)
{
    if (json) {
        out(QString::fromUtf8(QJsonDocument(o.json.isObject()
                                                ? o.json.toObject()
                                                : QJsonObject{{QStringLiteral("result"), o.json}})
                                  .toJson(QJsonDocument::Indented))
                .trimmed());
    } else if (o.exitCode != 0 && !o.text.isEmpty()) {
        err(o.text);
    } else if (!o.text.isEmpty()) {
        out(o.text);
    }
}

// The walk-through the README's first command runs.
int runDemo(vmx::VmxSimulator &sim, bool json, const QString &workDir)
{
    vmx::VmxSession session{sim, json, {}};
    auto step = [&](const QString &title) {
        if (!json)
            out(QStringLiteral("\n== %1").arg(title));
    };
    QJsonObject report;
    step(QStringLiteral("Handshake"));
    if (!json) {
        out(QStringLiteral("guest connected; VMX sent 'reset', guest answered '%1'")
                .arg(vmx::printable(sim.resetReply())));
        out(QStringLiteral("VMX sent 'Capabilities_Register' and 'Set_Option broadcastIP 1'"));
    }
    report.insert(QStringLiteral("resetReply"), vmx::printable(sim.resetReply()));
    sim.waitForRpci("info-set guestinfo.ip", 2000);

    step(QStringLiteral("What the guest reported over RPCI"));
    const vmx::CommandOutput info = vmx::findVmxCommand(QStringLiteral("info"))->run(session, {});
    if (!json)
        out(info.text);
    report.insert(QStringLiteral("info"), info.json);

    step(QStringLiteral("Guest info the VMX decoded (SetGuestInfo / SetGuestDiskInfo)"));
    const QJsonObject guest = info.json.toObject().value(QStringLiteral("guest")).toObject();
    if (!json) {
        out(QStringLiteral("OS: %1 (guest id %2)")
                .arg(guest.value(QStringLiteral("osFullName")).toString(),
                     guest.value(QStringLiteral("osShortName")).toString()));
        for (const QJsonValue &nic : guest.value(QStringLiteral("nics")).toArray()) {
            QStringList ips;
            for (const QJsonValue &ip : nic.toObject().value(QStringLiteral("ips")).toArray())
                ips << ip.toObject().value(QStringLiteral("address")).toString();
            out(QStringLiteral("NIC %1: %2")
                    .arg(nic.toObject().value(QStringLiteral("mac")).toString(),
                         ips.join(QStringLiteral(", "))));
        }
    }

    step(QStringLiteral("Power: OS_Halt with the dry-run backend"));
    const vmx::CommandOutput power =
        vmx::findVmxCommand(QStringLiteral("power"))->run(session, {QStringLiteral("halt")});
    if (!json)
        out(power.text + QStringLiteral("\n(the daemon only logged that it would halt)"));
    report.insert(QStringLiteral("power"), power.json);

    step(QStringLiteral("Ping"));
    const vmx::CommandOutput ping = vmx::findVmxCommand(QStringLiteral("ping"))->run(session, {});
    if (!json)
        out(ping.text);
    report.insert(QStringLiteral("ping"), ping.json);

    step(QStringLiteral("An unknown command"));
    const vmx::CommandOutput unknown = vmx::findVmxCommand(QStringLiteral("rpc"))
                                           ->run(session, {QStringLiteral("No_Such_Command")});
    if (!json)
        out(QStringLiteral("'No_Such_Command' -> %1").arg(unknown.text));
    report.insert(QStringLiteral("unknownCommand"), unknown.json);

    // Guest operations: the same commands the CLI has, against the demo's
    // daemon (auth = none: as the daemon's own user) in a directory of the
    // demo's own (the guest is this machine).
    int failures = 0;
    auto guestOp = [&](const QString &key, const QString &what, const QString &name,
                       const QStringList &args) {
        if (!json)
            out(QStringLiteral("$ guestkit-vmx %1 %2  # %3")
                    .arg(name, args.join(QLatin1Char(' ')), what));
        const vmx::CommandOutput o = vmx::findVmxCommand(name)->run(session, args);
        if (!json && !o.text.isEmpty())
            out(o.text);
        if (o.exitCode != 0)
            ++failures;
        report.insert(key, o.json.isUndefined() || o.json.isNull() ? QJsonValue(o.text) : o.json);
    };
    const QString guestDir = workDir + QStringLiteral("/in-the-guest");
    const QString local = workDir + QStringLiteral("/hello.txt");
    {
        QFile f(local);
        if (f.open(QIODevice::WriteOnly))
            f.write("hello from the host\n");
    }
    step(QStringLiteral("Guest operations (VIX): run a program, make a directory, list it"));
    guestOp(QStringLiteral("run"), QStringLiteral("StartProgram, output streamed back"),
            QStringLiteral("run"), {QStringLiteral("uname"), QStringLiteral("-sr")});
    guestOp(QStringLiteral("mkdir"), QStringLiteral("CreateDirectoryEx"), QStringLiteral("mkdir"),
            {QStringLiteral("-p"), guestDir + QStringLiteral("/sub")});
    step(QStringLiteral("File transfers (HGFS inside VIX): a file up, a directory down as tar.gz"));
    guestOp(QStringLiteral("upload"), QStringLiteral("InitiateFileTransferToGuest + HGFS writes"),
            QStringLiteral("upload"), {local, guestDir + QStringLiteral("/sub/hello.txt")});
    guestOp(QStringLiteral("ls"), QStringLiteral("ListFiles"), QStringLiteral("ls"),
            {QStringLiteral("-l"), guestDir + QStringLiteral("/sub")});
    guestOp(QStringLiteral("download"),
            QStringLiteral("the directory as a tar.gz built in the guest on the fly"),
            QStringLiteral("download"),
            {guestDir + QLatin1Char('/'), workDir + QStringLiteral("/copy.tar.gz")});

    const QByteArray ip = sim.guest().variables.value("guestinfo.ip");
    step(QStringLiteral("Reported IP"));
    if (!json)
        out(ip.isEmpty() ? QStringLiteral("(the guest has no IPv4 address)")
                         : QString::fromUtf8(ip));
    report.insert(QStringLiteral("ip"), QString::fromUtf8(ip));
    if (json)
        out(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)).trimmed());
    return ping.exitCode != 0 ? ping.exitCode : failures > 0 ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("guestkit-vmx"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GUESTKIT_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("A simulated VMX: listens on a sim channel, lets guestkitd connect, and\n"
                       "drives it with commands.\n\n") +
        commandHelp());
    const QCommandLineOption channel(
        QStringLiteral("channel"),
        QStringLiteral("Where to listen (default %1).").arg(defaultEndpoint()),
        QStringLiteral("endpoint"), defaultEndpoint());
    const QCommandLineOption startDaemon(
        QStringLiteral("start-daemon"),
        QStringLiteral("Start a guestkitd of its own (auth=none)."));
    const QCommandLineOption daemonPath(
        QStringLiteral("daemon"),
        QStringLiteral("The guestkitd to start (default: beside this program)."),
        QStringLiteral("path"));
    const QCommandLineOption daemonConfig(
        QStringLiteral("daemon-config"),
        QStringLiteral("INI file appended to the started daemon's config."),
        QStringLiteral("file"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds to wait for the guest (default 15)."),
                                     QStringLiteral("seconds"), QStringLiteral("15"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QStringLiteral("Guest user for guest operations."),
                                  QStringLiteral("name"));
    const QCommandLineOption password(
        QStringLiteral("password"),
        QStringLiteral("The guest user's password (default: $GUESTKIT_VMX_PASSWORD)."),
        QStringLiteral("password"));
    const QCommandLineOption ticket(QStringLiteral("ticket"),
                                    QStringLiteral("A ticket from 'login' instead of a password."),
                                    QStringLiteral("ticket"));
    p.addOptions(
        {channel, startDaemon, daemonPath, daemonConfig, timeout, json, user, password, ticket});
    // Options after the command belong to it (ps -p, run -C, ...).
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    p.addVersionOption();
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do (see above)."));
    if (!p.parse(app.arguments())) {
        err(p.errorText());
        return 2;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out(p.helpText());
        return 0;
    }
    if (p.isSet(QStringLiteral("version"))) {
        out(QStringLiteral("guestkit-vmx %1").arg(QStringLiteral(GUESTKIT_VERSION)));
        return 0;
    }
    const QStringList positional = p.positionalArguments();
    if (positional.isEmpty()) {
        err(QStringLiteral("no command given (see --help)"));
        return 2;
    }
    const QString name = positional.first();
    const bool demo = name == QLatin1String("demo");
    const vmx::VmxCommand *command = demo ? nullptr : vmx::findVmxCommand(name);
    if (!demo && !command) {
        err(QStringLiteral("unknown command '%1' (see --help)").arg(name));
        return 2;
    }
    bool timeoutOk = false;
    const int timeoutSeconds = p.value(timeout).toInt(&timeoutOk);
    if (!timeoutOk || timeoutSeconds <= 0) {
        err(QStringLiteral("--timeout takes a positive number of seconds"));
        return 2;
    }

    // The demo runs on a private socket so that it never meets another daemon.
    QTemporaryDir demoDir;
    QString endpointText = p.value(channel);
    if (demo && !p.isSet(channel))
        endpointText =
            QStringLiteral("sim:unix:%1").arg(demoDir.filePath(QStringLiteral("vmx.sock")));
    QString why;
    const auto endpoint = channel::ChannelEndpoint::parse(endpointText, &why);
    if (!endpoint) {
        err(why);
        return 2;
    }

    vmx::VmxSimulator sim;
    if (!sim.listen(*endpoint, &why)) {
        err(why);
        return 1;
    }
    vmx::DaemonLauncher launcher;
    if (demo || p.isSet(startDaemon)) {
        // A daemon of the simulator's own: guest operations run unchecked as
        // the daemon's user (design.md: auth = none is for the simulator).
        // Its power operations only log (docs/power.md): never the host's.
        QByteArray config =
            "[logging]\nsyslog = false\n[auth]\nmode = none\n[power]\nbackend = dry-run\n";
        if (demo) {
            // A poweroff script of the demo's own, so that OS_Halt runs one.
            const QString script = demoDir.filePath(QStringLiteral("poweroff-demo.sh"));
            QFile f(script);
            if (f.open(QIODevice::WriteOnly) &&
                f.write("#!/bin/sh\necho 'guestkit demo: poweroff script ran' >&2\n") > 0) {
                f.close();
                f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
                config += "[powerops]\npoweroff-script = " + script.toUtf8() + '\n';
            }
        }
        if (p.isSet(daemonConfig)) {
            QFile extra(p.value(daemonConfig));
            if (!extra.open(QIODevice::ReadOnly)) {
                err(QStringLiteral("cannot read %1").arg(extra.fileName()));
                return 1;
            }
            config += '\n' + extra.readAll();
        }
        if (!launcher.start(p.value(daemonPath), sim.endpoint(), config, QStringLiteral("warning"),
                            &why)) {
            err(why);
            return 1;
        }
        if (demo && !p.isSet(json))
            out(QStringLiteral("Simulated VMX listening on %1; started %2 (pid %3)")
                    .arg(sim.endpoint().toString(), launcher.process().program())
                    .arg(launcher.process().processId()));
    }
    if (!sim.waitForGuest(timeoutSeconds * 1000)) {
        err(QStringLiteral("no guest connected to %1 within %2 s")
                .arg(sim.endpoint().toString())
                .arg(timeoutSeconds));
        return 3;
    }
    if (demo)
        return runDemo(sim, p.isSet(json), demoDir.path());
    vmx::VmxSession session{sim, p.isSet(json), {}};
    session.credentials.user = p.value(user);
    session.credentials.password =
        p.isSet(password) ? p.value(password) : qEnvironmentVariable("GUESTKIT_VMX_PASSWORD");
    session.credentials.ticket = p.value(ticket).toLatin1();
    const vmx::CommandOutput result = command->run(session, positional.mid(1));
    print(result, p.isSet(json));
    return result.exitCode;
}
