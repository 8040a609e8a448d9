// Power operations on Linux: systemctl where systemd is the init system
// (sd_booted's test: /run/systemd/system exists), else the SysV tools that
// vmtoolsd uses (lib/system/systemLinux.c, System_Shutdown: "/sbin/shutdown
// -h now", "/sbin/shutdown -r now") and the kernel's /sys/power/state for
// suspend. The choice (powerCommandFor) is separate from running it, so it is
// tested without powering anything off.
#include "LinuxPowerBackend.h"

#include "platform/DryRunPowerBackend.h"

#include "LinuxErrors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>

#include <cerrno>

namespace gk::platform {

Q_LOGGING_CATEGORY(lcPower, "guestkit.power")

namespace linuxos {
namespace {

// The first of `paths` that is an executable file under `root`.
QString findTool(const QString &root, std::initializer_list<const char *> paths)
{
    for (const char *path : paths) {
        const QFileInfo info(QDir(root).filePath(QString::fromLatin1(path).mid(1)));
        if (info.isFile() && info.isExecutable())
            return QString::fromLatin1(path);
    }
    return {};
}

class LinuxPowerBackend final : public PowerBackend
{
public:
    LinuxPowerBackend(std::function<PowerTools()> probe,
                      std::function<PlatformError(const PowerCommand &)> run)
        : m_probe(std::move(probe)), m_run(std::move(run))
    {}

    PlatformError perform(PowerAction action) override
    {
        const PowerTools tools = m_probe();
        const PowerCommand command = powerCommandFor(action, tools);
        if (!command.isValid()) {
            qCWarning(lcPower, "cannot %s the guest: no systemctl or shutdown",
                      qUtf8Printable(powerActionName(action)));
            return PlatformError::make(
                PlatformError::Kind::NotSupported, ENOENT,
                QStringLiteral("cannot %1 the guest: no systemctl or shutdown found")
                    .arg(powerActionName(action)));
        }
        qCInfo(lcPower, "%s the guest (%s): %s", qUtf8Printable(powerActionName(action)),
               tools.systemdRunning ? "systemd" : "no systemd", qUtf8Printable(command.describe()));
        return m_run(command);
    }

private:
    std::function<PowerTools()> m_probe;
    std::function<PlatformError(const PowerCommand &)> m_run;
};

} // namespace

PowerTools probePowerTools(const QString &root)
{
    PowerTools tools;
    tools.systemdRunning =
        QFileInfo(QDir(root).filePath(QStringLiteral("run/systemd/system"))).isDir();
    tools.systemctl = findTool(
        root, {"/usr/bin/systemctl", "/bin/systemctl", "/usr/sbin/systemctl", "/sbin/systemctl"});
    tools.shutdown = findTool(root, {"/sbin/shutdown", "/usr/sbin/shutdown"});
    return tools;
}

QString PowerCommand::describe() const
{
    if (!program.isEmpty())
        return (QStringList{program} + arguments).join(QLatin1Char(' '));
    if (!writeTo.isEmpty())
        return QStringLiteral("write %1 to %2").arg(QString::fromLatin1(data), writeTo);
    return QStringLiteral("nothing");
}

PowerCommand powerCommandFor(PowerAction action, const PowerTools &tools)
{
    PowerCommand command;
    if (tools.systemdRunning && !tools.systemctl.isEmpty()) {
        command.program = tools.systemctl;
        command.arguments =
            QStringList{action == PowerAction::Halt     ? QStringLiteral("poweroff")
                        : action == PowerAction::Reboot ? QStringLiteral("reboot")
                                                        : QStringLiteral("suspend")};
        return command;
    }
    switch (action) {
    case PowerAction::Halt:
    case PowerAction::Reboot:
        if (!tools.shutdown.isEmpty()) {
            command.program = tools.shutdown;
            command.arguments = QStringList{action == PowerAction::Halt ? QStringLiteral("-h")
                                                                        : QStringLiteral("-r"),
                                            QStringLiteral("now")};
        }
        break;
    case PowerAction::Suspend:
        command.writeTo = QStringLiteral("/sys/power/state");
        command.data = QByteArrayLiteral("mem");
        break;
    }
    return command;
}

PlatformError runPowerCommand(const PowerCommand &command)
{
    if (command.program.isEmpty()) {
        QFile file(command.writeTo);
        errno = 0;
        if (!file.open(QIODevice::WriteOnly) || file.write(command.data) != command.data.size() ||
            !file.flush())
            return errnoError(errno ? errno : EIO,
                              QStringLiteral("cannot %1").arg(command.describe()));
        return {};
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command.program, command.arguments);
    if (!process.waitForStarted(10000))
        return errnoError(ENOENT, QStringLiteral("cannot run %1").arg(command.program));
    process.waitForFinished(60000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return PlatformError::make(
            PlatformError::Kind::Io, process.exitCode(),
            QStringLiteral("%1 failed: %2")
                .arg(command.describe(), QString::fromLocal8Bit(process.readAll()).trimmed()));
    return {};
}

std::unique_ptr<PowerBackend>
createLinuxPowerBackend(std::function<PowerTools()> probe,
                        std::function<PlatformError(const PowerCommand &)> run)
{
    return std::make_unique<LinuxPowerBackend>(std::move(probe), std::move(run));
}

} // namespace linuxos

std::unique_ptr<PowerBackend> createPowerBackend(PowerBackendKind kind)
{
    if (kind == PowerBackendKind::DryRun)
        return std::make_unique<DryRunPowerBackend>();
    return linuxos::createLinuxPowerBackend([] { return linuxos::probePowerTools(); },
                                            linuxos::runPowerCommand);
}

} // namespace gk::platform
