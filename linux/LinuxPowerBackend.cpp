// Power operations on Linux: systemctl where systemd is the init system
// (sd_booted's test: /run/systemd/system exists), else the SysV tools that
// vmtoolsd uses (services/plugins/powerOps/powerOps.c: "/sbin/shutdown -h
// now", "/sbin/shutdown -r now") and the kernel's /sys/power/state for suspend.
#include "platform/DryRunPowerBackend.h"
#include "platform/PowerBackend.h"

#include "LinuxErrors.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>

#include <cerrno>

namespace gk::platform {

Q_LOGGING_CATEGORY(lcPower, "guestkit.power")

namespace {

class LinuxPowerBackend final : public PowerBackend
{
public:
    PlatformError perform(PowerAction action) override
    {
        const bool systemd = QFileInfo::exists(QStringLiteral("/run/systemd/system"));
        qCInfo(lcPower, "%s the guest (%s)", qUtf8Printable(powerActionName(action)),
               systemd ? "systemd" : "no systemd");
        if (systemd) {
            const char *verb = action == PowerAction::Halt     ? "poweroff"
                               : action == PowerAction::Reboot ? "reboot"
                                                               : "suspend";
            return run(QStringLiteral("systemctl"), {QString::fromLatin1(verb)});
        }
        switch (action) {
        case PowerAction::Halt:
            return run(QStringLiteral("/sbin/shutdown"),
                       {QStringLiteral("-h"), QStringLiteral("now")});
        case PowerAction::Reboot:
            return run(QStringLiteral("/sbin/shutdown"),
                       {QStringLiteral("-r"), QStringLiteral("now")});
        case PowerAction::Suspend:
            return suspendThroughSysfs();
        }
        return PlatformError::make(PlatformError::Kind::InvalidArgument, EINVAL,
                                   QStringLiteral("unknown power action"));
    }

private:
    static PlatformError run(const QString &program, const QStringList &args)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, args);
        if (!process.waitForStarted(10000))
            return linuxos::errnoError(ENOENT, QStringLiteral("cannot run %1").arg(program));
        process.waitForFinished(60000);
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            return PlatformError::make(
                PlatformError::Kind::Io, process.exitCode(),
                QStringLiteral("%1 %2 failed: %3")
                    .arg(program, args.join(QLatin1Char(' ')),
                         QString::fromLocal8Bit(process.readAll()).trimmed()));
        return {};
    }

    static PlatformError suspendThroughSysfs()
    {
        QFile state(QStringLiteral("/sys/power/state"));
        if (!state.open(QIODevice::WriteOnly) || state.write("mem") != 3 || !state.flush())
            return linuxos::errnoError(errno ? errno : EIO,
                                       QStringLiteral("cannot suspend through /sys/power/state"));
        return {};
    }
};

} // namespace

std::unique_ptr<PowerBackend> createPowerBackend(PowerBackendKind kind)
{
    if (kind == PowerBackendKind::DryRun)
        return std::make_unique<DryRunPowerBackend>();
    return std::make_unique<LinuxPowerBackend>();
}

} // namespace gk::platform
