// guestkit: the guest-side command line (what vmware-rpctool and
// vmware-toolbox-cmd do for open-vm-tools).
#include "StatCommand.h"
#include "channel/RpciChannel.h"
#include "channel/Transports.h"
#include "daemon/ConfigReader.h"
#include "daemon/DaemonConfig.h"
#include "platform/SystemPaths.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

using namespace gk;

namespace {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitNoChannel = 3 };

void err(const QString &text)
{
    std::fprintf(stderr, "guestkit: %s\n", qPrintable(text));
}

const char *kUsage =
    "Usage: guestkit [--channel ENDPOINT] [--config FILE] COMMAND\n"
    "\n"
    "Commands:\n"
    "  rpc '<RPCI text>'        send one RPCI request to the VMX and print the answer\n"
    "  info get KEY             print a guestinfo variable (guestinfo.KEY or KEY)\n"
    "  info set KEY VALUE       set a guestinfo variable\n"
    "  stat [FIELD] [--json]    what guestkitd reports: uptime, hostname, ip, os, version\n"
    "\n"
    "Exit status: 0 when the VMX answered success, 1 when it answered failure,\n"
    "2 for a usage error, 3 when the VMX cannot be reached.";

// One request over a connection of its own, waiting for the answer.
channel::RpciResult callOnce(const channel::TransportFactory &transports, const QByteArray &request)
{
    channel::RpciChannel rpci(transports);
    channel::RpciResult result;
    result.text = "no answer from the VMX within 10 s";
    QEventLoop loop;
    bool answered = false;
    rpci.send(request, [&](const channel::RpciResult &r) {
        result = r;
        answered = true;
        loop.quit();
    });
    // A connection refused at once answers inside send(), before the loop
    // runs: quit() would be lost then and the wait would last the full 10 s.
    if (!answered) {
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

QByteArray guestinfoKey(const QString &key)
{
    return key.startsWith(QLatin1String("guestinfo.")) ? key.toUtf8() : "guestinfo." + key.toUtf8();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("guestkit"));

    QCommandLineParser p;
    const QCommandLineOption channelOpt(QStringLiteral("channel"), QString(),
                                        QStringLiteral("endpoint"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QString(), QStringLiteral("file"));
    const QCommandLineOption versionOpt(QStringLiteral("version"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"));
    const QCommandLineOption helpOpt(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    p.addOptions({channelOpt, configOpt, versionOpt, helpOpt, jsonOpt});
    if (!p.parse(app.arguments())) {
        err(p.errorText());
        return ExitUsage;
    }
    if (p.isSet(helpOpt)) {
        std::printf("%s\n", kUsage);
        return ExitOk;
    }
    if (p.isSet(versionOpt)) {
        std::printf("guestkit %s\n", GUESTKIT_VERSION);
        return ExitOk;
    }

    const QStringList args = p.positionalArguments();
    if (!args.isEmpty() && args[0] == QLatin1String("stat")) {
        // Gathered here, with the daemon's NIC settings; needs no VMX.
        daemon::ConfigReader reader(p.isSet(configOpt) ? p.value(configOpt)
                                                       : platform::defaultConfigPath());
        return cli::runStat(daemon::DaemonConfig::read(reader).guestInfo, args.mid(1),
                            p.isSet(jsonOpt));
    }
    QByteArray request;
    if (args.size() == 2 && args[0] == QLatin1String("rpc")) {
        request = args[1].toUtf8();
    } else if (args.size() == 3 && args[0] == QLatin1String("info") &&
               args[1] == QLatin1String("get")) {
        request = "info-get " + guestinfoKey(args[2]);
    } else if (args.size() >= 4 && args[0] == QLatin1String("info") &&
               args[1] == QLatin1String("set")) {
        request =
            "info-set " + guestinfoKey(args[2]) + ' ' + args.mid(3).join(QLatin1Char(' ')).toUtf8();
    } else {
        std::fprintf(stderr, "%s\n", kUsage);
        return ExitUsage;
    }

    // The channel: --channel, else the daemon's config file, else auto.
    QString endpointText = p.value(channelOpt);
    if (endpointText.isEmpty()) {
        daemon::ConfigReader reader(p.isSet(configOpt) ? p.value(configOpt)
                                                       : platform::defaultConfigPath());
        endpointText = daemon::DaemonConfig::read(reader).channel;
    }
    QString why;
    const auto endpoint = channel::ChannelEndpoint::parse(endpointText, &why);
    if (!endpoint) {
        err(why);
        return ExitUsage;
    }
    const auto transports = channel::transportFactoryFor(*endpoint, &why);
    if (!transports) {
        err(why);
        return ExitNoChannel;
    }

    const channel::RpciResult result = callOnce(*transports, request);
    switch (result.status) {
    case channel::RpciResult::Status::Ok:
        std::fwrite(result.text.constData(), 1, size_t(result.text.size()), stdout);
        if (!result.text.isEmpty() && !result.text.endsWith('\n'))
            std::fputc('\n', stdout);
        return ExitOk;
    case channel::RpciResult::Status::Failed:
        err(QString::fromUtf8(result.text));
        return ExitFailed;
    case channel::RpciResult::Status::TransportError:
        err(QStringLiteral("cannot reach the VMX at %1: %2")
                .arg(endpoint->toString(), QString::fromUtf8(result.text)));
        return ExitNoChannel;
    }
    return ExitFailed;
}
