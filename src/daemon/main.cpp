// guestkitd: the guest tools service.
#include "ConfigReader.h"
#include "Daemon.h"
#include "DaemonConfig.h"
#include "DaemonOptions.h"
#include "Logging.h"
#include "channel/Transports.h"
#include "platform/ServiceHost.h"
#include "platform/SystemPaths.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace gk;

namespace {

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2, ExitNoChannel = 3 };

void printErr(const QString &text)
{
    std::fprintf(stderr, "guestkitd: %s\n", qPrintable(text));
}

} // namespace

int main(int argc, char **argv)
{
    // Qt's own Unix event dispatcher instead of GLib's: GLib wakes its main
    // context through an eventfd each time a socket notifier is switched on
    // or off (Qt does that around every buffered socket write), which costs
    // three extra system calls per TCLO round trip (docs/performance.md).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("guestkitd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GUESTKIT_VERSION));

    // Windows: --install / --uninstall register the service and exit.
    if (const std::optional<int> done = platform::runServiceCommand(app.arguments()))
        return *done;
    const daemon::DaemonOptions options = daemon::DaemonOptions::parse(app.arguments());
    switch (options.action) {
    case daemon::DaemonOptions::Action::ShowHelp:
    case daemon::DaemonOptions::Action::ShowVersion:
        std::fprintf(stdout, "%s\n", qPrintable(options.message.trimmed()));
        return ExitOk;
    case daemon::DaemonOptions::Action::Fail:
        printErr(options.message + QStringLiteral(" (see --help)"));
        return ExitUsage;
    case daemon::DaemonOptions::Action::Run:
        break;
    }

    daemon::ConfigReader reader(options.configPath.isEmpty() ? platform::defaultConfigPath()
                                                             : options.configPath);
    // A missing file means every key takes its default (docs/configuration.md);
    // a named one that is missing is worth a word, since it may be a typo.
    if (!options.configPath.isEmpty() && !reader.fileExists())
        printErr(QStringLiteral("config file %1 does not exist; using the defaults")
                     .arg(options.configPath));
    daemon::DaemonConfig config = daemon::DaemonConfig::read(reader);
    if (!reader.errors().isEmpty()) {
        for (const QString &e : reader.errors())
            printErr(e);
        printErr(QStringLiteral("refusing to start with an invalid configuration"));
        return ExitFailure;
    }
    if (!options.channel.isEmpty())
        config.channel = options.channel;
    if (!options.logLevel.isEmpty())
        config.log.level = options.logLevel;

    QString why;
    const auto endpoint = channel::ChannelEndpoint::parse(config.channel, &why);
    const auto transports = endpoint ? channel::transportFactoryFor(*endpoint, &why) : std::nullopt;
    if (!transports) {
        printErr(why);
        return ExitNoChannel;
    }

    daemon::Logging::setup(config.log, options.foreground);
    int exitCode = ExitOk;
    // The host outlives everything else: under the Windows SCM its end reports
    // SERVICE_STOPPED, after which an uninstall deletes guestkitd.exe; the less
    // the process still has to do then, the less likely the file is in use.
    std::unique_ptr<platform::ServiceHost> host = platform::createServiceHost();
    {
        daemon::Daemon guestkitd(config, *transports);

        // Ready once the VMX has been answered; at once when the channel finds
        // no VMX (it keeps retrying), so that boot does not wait on it; after a
        // grace period when a channel opened but no reset came. The grace timer
        // is stopped once ready, so an idle daemon has no timer left to fire.
        QTimer graceTimer;
        graceTimer.setSingleShot(true);
        bool ready = false;
        auto announceReady = [&](const QString &status) {
            graceTimer.stop();
            if (!ready) {
                ready = true;
                host->notifyReady(status);
            }
        };
        QObject::connect(&guestkitd, &daemon::Daemon::firstResetAnswered, &app,
                         [&] { announceReady(QStringLiteral("connected to the VMX")); });
        QObject::connect(&guestkitd, &daemon::Daemon::waitingForVmx, &app,
                         [&] { announceReady(QStringLiteral("waiting for the VMX")); });
        QObject::connect(&graceTimer, &QTimer::timeout, &app,
                         [&] { announceReady(QStringLiteral("waiting for the VMX")); });
        graceTimer.start(5000);

        // The service manager's watchdog (systemd WatchdogSec=): pinged from the
        // event loop at half the interval, so a loop that hangs gets the
        // service restarted.
        QTimer watchdog;
        if (const std::chrono::milliseconds interval = host->watchdogInterval();
            interval.count() > 0) {
            QObject::connect(&watchdog, &QTimer::timeout, &app, [&] { host->notifyWatchdog(); });
            watchdog.start(std::max(interval / 2, std::chrono::milliseconds(1)));
        }

        host->installStopHandler([&] {
            qInfo("stop requested; shutting down");
            host->notifyStopping();
            guestkitd.stop();
            QCoreApplication::exit(ExitOk);
        });
        // SIGHUP / service reload: re-read the same file; a config that no
        // longer reads keeps the running one.
        host->installReloadHandler([&] {
            daemon::ConfigReader again(reader.path());
            const daemon::DaemonConfig fresh = daemon::DaemonConfig::read(again);
            if (!again.errors().isEmpty()) {
                for (const QString &e : again.errors())
                    qWarning("reload refused: %s", qUtf8Printable(e));
                return;
            }
            guestkitd.reload(fresh);
        });
        guestkitd.start();
        exitCode = app.exec();
        qInfo("guestkitd stopped");
    }
    daemon::Logging::shutdown();
    host.reset();
    return exitCode;
}
