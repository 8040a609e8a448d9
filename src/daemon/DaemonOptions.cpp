#include "DaemonOptions.h"

#include "DaemonConfig.h"
#include "channel/ChannelEndpoint.h"

#include <QCommandLineParser>

namespace gk::daemon {

DaemonOptions DaemonOptions::parse(const QStringList &arguments)
{
    DaemonOptions o;
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "guestkitd: the guest tools service. It connects to the VMX, answers its TCLO\n"
        "commands, reports guest information and runs guest operations."));
    const QCommandLineOption channel(
        QStringLiteral("channel"),
        QStringLiteral("How to reach the VMX: auto (vsock, else the backdoor), vsock, backdoor, "
                       "sim:unix:PATH, sim:tcp:HOST:PORT or sim-backdoor:unix:PATH (default: the "
                       "config file's, else auto)."),
        QStringLiteral("endpoint"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Config file (default: %1).")
                                        .arg(QStringLiteral("/etc/guestkit/guestkit.conf")),
                                    QStringLiteral("file"));
    const QCommandLineOption foreground(QStringLiteral("foreground"),
                                        QStringLiteral("Log to the terminal (stderr) as well."));
    const QCommandLineOption level(
        QStringLiteral("log-level"),
        QStringLiteral("Log level: %1.").arg(logLevelNames().join(QStringLiteral(", "))),
        QStringLiteral("level"));
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Print the version."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Print this help."));
    p.addOptions({channel, config, foreground, level, version, help});

    if (!p.parse(arguments)) {
        o.action = Action::Fail;
        o.message = p.errorText();
        return o;
    }
    if (!p.positionalArguments().isEmpty()) {
        o.action = Action::Fail;
        o.message = QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first());
        return o;
    }
    if (p.isSet(help)) {
        o.action = Action::ShowHelp;
        o.message = p.helpText();
        return o;
    }
    if (p.isSet(version)) {
        o.action = Action::ShowVersion;
        o.message = QStringLiteral("guestkitd %1").arg(QStringLiteral(GUESTKIT_VERSION));
        return o;
    }
    o.foreground = p.isSet(foreground);
    o.configPath = p.value(config);
    o.channel = p.value(channel);
    o.logLevel = p.value(level).toLower();
    QString why;
    if (p.isSet(channel) && !channel::ChannelEndpoint::parse(o.channel, &why)) {
        o.action = Action::Fail;
        o.message = why;
    } else if (p.isSet(level) && !logLevelNames().contains(o.logLevel)) {
        o.action = Action::Fail;
        o.message = QStringLiteral("invalid log level '%1' (one of: %2)")
                        .arg(p.value(level), logLevelNames().join(QStringLiteral(", ")));
    } else if (p.isSet(config) && o.configPath.isEmpty()) {
        o.action = Action::Fail;
        o.message = QStringLiteral("--config needs a file name");
    }
    return o;
}

} // namespace gk::daemon
