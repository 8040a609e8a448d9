// The Linux system power backend's choice of command, and its runner, with
// the probe and runner replaced: nothing here powers anything off.
#include "linux/LinuxPowerBackend.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace gk::platform;
using namespace gk::platform::linuxos;

Q_DECLARE_METATYPE(gk::platform::PowerAction)

namespace {

bool makeExecutable(const QString &path)
{
    if (!QDir().mkpath(QFileInfo(path).path()))
        return false;
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write("#!/bin/sh\n") > 0 &&
           f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

} // namespace

class TestPlatformLinuxPower : public QObject
{
    Q_OBJECT
private slots:
    void commandFollowsTheToolsTheGuestHas_data()
    {
        QTest::addColumn<bool>("systemd");
        QTest::addColumn<QString>("systemctl");
        QTest::addColumn<QString>("shutdown");
        QTest::addColumn<PowerAction>("action");
        QTest::addColumn<QString>("expected");
        const QString ctl = QStringLiteral("/usr/bin/systemctl");
        const QString sd = QStringLiteral("/sbin/shutdown");
        const auto row = [](const char *name, bool systemd, const QString &systemctl,
                            const QString &shutdown, PowerAction action, const char *expected) {
            QTest::newRow(name) << systemd << systemctl << shutdown << action
                                << QString::fromLatin1(expected);
        };
        row("systemd halt", true, ctl, sd, PowerAction::Halt, "/usr/bin/systemctl poweroff");
        row("systemd reboot", true, ctl, sd, PowerAction::Reboot, "/usr/bin/systemctl reboot");
        row("systemd suspend", true, ctl, sd, PowerAction::Suspend, "/usr/bin/systemctl suspend");
        row("systemctl in /sbin", true, QStringLiteral("/sbin/systemctl"), QString(),
            PowerAction::Reboot, "/sbin/systemctl reboot");
        // systemctl installed but systemd not the init system (a container,
        // sysvinit with systemd's tools): the SysV way.
        row("sysv halt", false, ctl, sd, PowerAction::Halt, "/sbin/shutdown -h now");
        row("sysv reboot", false, ctl, sd, PowerAction::Reboot, "/sbin/shutdown -r now");
        row("sysv suspend", false, ctl, sd, PowerAction::Suspend, "write mem to /sys/power/state");
        row("shutdown in /usr/sbin", false, QString(), QStringLiteral("/usr/sbin/shutdown"),
            PowerAction::Halt, "/usr/sbin/shutdown -h now");
        // systemd running but its systemctl missing: shutdown, which systemd provides.
        row("systemd without systemctl", true, QString(), sd, PowerAction::Halt,
            "/sbin/shutdown -h now");
        row("systemd without systemctl suspend", true, QString(), sd, PowerAction::Suspend,
            "write mem to /sys/power/state");
        row("no tools halt", false, QString(), QString(), PowerAction::Halt, "nothing");
        row("no tools reboot", true, QString(), QString(), PowerAction::Reboot, "nothing");
        row("no tools suspend", false, QString(), QString(), PowerAction::Suspend,
            "write mem to /sys/power/state");
    }

    void commandFollowsTheToolsTheGuestHas()
    {
        QFETCH(bool, systemd);
        QFETCH(QString, systemctl);
        QFETCH(QString, shutdown);
        QFETCH(PowerAction, action);
        QFETCH(QString, expected);
        PowerTools tools;
        tools.systemdRunning = systemd;
        tools.systemctl = systemctl;
        tools.shutdown = shutdown;
        const PowerCommand command = powerCommandFor(action, tools);
        QCOMPARE(command.describe(), expected);
        QCOMPARE(command.isValid(), expected != QLatin1String("nothing"));
    }

    void probeLooksForTheToolsUnderTheRoot()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        PowerTools tools = probePowerTools(root.path());
        QVERIFY(!tools.systemdRunning);
        QVERIFY(tools.systemctl.isEmpty());
        QVERIFY(tools.shutdown.isEmpty());

        // A file, not a directory, is not systemd's marker; a tool must be
        // an executable file.
        QFile marker(root.filePath(QStringLiteral("run/systemd/system")));
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("run/systemd"))));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("usr/bin/systemctl"))));
        QFile plain(root.filePath(QStringLiteral("sbin/shutdown")));
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("sbin"))));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        tools = probePowerTools(root.path());
        QVERIFY(!tools.systemdRunning);
        QVERIFY(tools.systemctl.isEmpty());
        QVERIFY(tools.shutdown.isEmpty());

        QVERIFY(marker.remove());
        QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("run/systemd/system"))));
        QVERIFY(makeExecutable(root.filePath(QStringLiteral("sbin/systemctl"))));
        QVERIFY(makeExecutable(root.filePath(QStringLiteral("usr/sbin/shutdown"))));
        tools = probePowerTools(root.path());
        QVERIFY(tools.systemdRunning);
        QCOMPARE(tools.systemctl, QStringLiteral("/sbin/systemctl"));
        QCOMPARE(tools.shutdown, QStringLiteral("/usr/sbin/shutdown"));

        // /usr/bin comes before /sbin, /sbin before /usr/sbin.
        QVERIFY(QDir(root.filePath(QStringLiteral("usr/bin/systemctl"))).removeRecursively());
        QVERIFY(makeExecutable(root.filePath(QStringLiteral("usr/bin/systemctl"))));
        QVERIFY(plain.setPermissions(QFile::ReadOwner | QFile::ExeOwner));
        tools = probePowerTools(root.path());
        QCOMPARE(tools.systemctl, QStringLiteral("/usr/bin/systemctl"));
        QCOMPARE(tools.shutdown, QStringLiteral("/sbin/shutdown"));
        QCOMPARE(powerCommandFor(PowerAction::Halt, tools).describe(),
                 QStringLiteral("/usr/bin/systemctl poweroff"));
    }

    void backendRunsTheChosenCommandAndReportsItsResult()
    {
        PowerTools tools;
        QList<QString> ran;
        PlatformError answer;
        auto backend = createLinuxPowerBackend([&] { return tools; },
                                               [&](const PowerCommand &c) {
                                                   ran.append(c.describe());
                                                   return answer;
                                               });
        tools.systemdRunning = true;
        tools.systemctl = QStringLiteral("/bin/systemctl");
        QVERIFY(!backend->perform(PowerAction::Reboot));
        // The probe runs for every action: the guest may have changed.
        tools.systemdRunning = false;
        tools.shutdown = QStringLiteral("/sbin/shutdown");
        answer = PlatformError::make(PlatformError::Kind::Io, 1, QStringLiteral("refused"));
        const PlatformError e = backend->perform(PowerAction::Halt);
        QCOMPARE(e.kind, PlatformError::Kind::Io);
        QCOMPARE(e.message, QStringLiteral("refused"));
        QCOMPARE(ran, (QList<QString>{QStringLiteral("/bin/systemctl reboot"),
                                      QStringLiteral("/sbin/shutdown -h now")}));
        // Nothing to run with: refused without calling the runner.
        tools = PowerTools{};
        QCOMPARE(backend->perform(PowerAction::Halt).kind, PlatformError::Kind::NotSupported);
        QCOMPARE(ran.size(), 2);
    }

    void runnerWritesTheStateFile()
    {
        QTemporaryDir dir;
        PowerCommand command;
        command.writeTo = dir.filePath(QStringLiteral("state"));
        command.data = "mem";
        QVERIFY(!runPowerCommand(command));
        QFile state(command.writeTo);
        QVERIFY(state.open(QIODevice::ReadOnly));
        QCOMPARE(state.readAll(), QByteArray("mem"));
        command.writeTo = dir.filePath(QStringLiteral("no/such/dir/state"));
        const PlatformError e = runPowerCommand(command);
        QCOMPARE(e.kind, PlatformError::Kind::NotFound);
        QVERIFY(e.message.contains(QLatin1String("no/such/dir/state")));
    }

    void runnerReportsAFailingOrMissingProgram()
    {
        PowerCommand command;
        command.program = QStringLiteral("/bin/sh");
        command.arguments =
            QStringList{QStringLiteral("-c"), QStringLiteral("echo not now; exit 3")};
        PlatformError e = runPowerCommand(command);
        QCOMPARE(e.kind, PlatformError::Kind::Io);
        QCOMPARE(e.nativeCode, 3);
        QVERIFY2(e.message.contains(QLatin1String("not now")), qPrintable(e.message));
        command.arguments = QStringList{QStringLiteral("-c"), QStringLiteral("exit 0")};
        QVERIFY(!runPowerCommand(command));
        command.program = QStringLiteral("/no/such/shutdown");
        e = runPowerCommand(command);
        QCOMPARE(e.kind, PlatformError::Kind::NotFound);
        QVERIFY(e.message.contains(QLatin1String("/no/such/shutdown")));
    }
};

QTEST_GUILESS_MAIN(TestPlatformLinuxPower)
#include "tst_platform_linuxpower.moc"
