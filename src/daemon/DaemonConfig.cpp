#include "DaemonConfig.h"

#include "channel/ChannelEndpoint.h"

#include <QFileInfo>
#include <QSettings>

#include "vix/server/GuestOpsPolicy.h"

namespace gk::daemon {

const QStringList &logLevelNames()
{
    static const QStringList names = {
        QStringLiteral("none"),        QStringLiteral("fatal"),   QStringLiteral("critical"),
        QStringLiteral("error"),       QStringLiteral("warning"), QStringLiteral("notice"),
        QStringLiteral("information"), QStringLiteral("debug"),   QStringLiteral("trace")};
    return names;
}

DaemonConfig DaemonConfig::read(ConfigReader &reader)
{
    DaemonConfig c;
    c.channel = reader.readString(QStringLiteral("channel/endpoint"), c.channel);
    QString why;
    if (!channel::ChannelEndpoint::parse(c.channel, &why))
        reader.addError(QStringLiteral("channel/endpoint"), why);
    c.confDirectory = reader.readString(
        QStringLiteral("daemon/conf_directory"),
        reader.path().isEmpty() ? QString() : QFileInfo(reader.path()).absolutePath());

    c.log.level = reader.readChoice(QStringLiteral("logging/level"), c.log.level, logLevelNames());
    c.log.file = reader.readString(QStringLiteral("logging/file"), c.log.file);
    c.log.fileRotateSize = reader.readSize(QStringLiteral("logging/file_rotate_size"),
                                           c.log.fileRotateSize, 64 * 1024, qint64(1) << 32);
    c.log.fileKeep =
        int(reader.readInt(QStringLiteral("logging/file_keep"), c.log.fileKeep, 0, 100));
    c.log.syslog = reader.readBool(QStringLiteral("logging/syslog"), c.log.syslog);
    readVixSettings(reader, &c.vix);
    return c;
}

void readVixSettings(ConfigReader &reader, vix::server::VixSettings *v)
{
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    const QString mode = reader.readChoice(QStringLiteral("auth/mode"), QStringLiteral("pam"),
                                           {QStringLiteral("pam"), QStringLiteral("none")});
    v->authNone = mode == QLatin1String("none");
    v->pamService = reader.readString(QStringLiteral("auth/pam_service"), v->pamService);
    v->credentialCacheTtl = seconds(reader.readInt(
        QStringLiteral("auth/credential_cache_ttl"),
        std::chrono::duration_cast<seconds>(v->credentialCacheTtl).count(), 0, 3600));
    v->ticketTtl = seconds(reader.readInt(QStringLiteral("auth/ticket_ttl"),
                                          std::chrono::duration_cast<seconds>(v->ticketTtl).count(),
                                          1, 24 * 3600));
    v->failureDelay = milliseconds(
        reader.readInt(QStringLiteral("auth/failure_delay_ms"), v->failureDelay.count(), 0, 10000));
    v->processRetention = seconds(reader.readInt(
        QStringLiteral("vix/process_retention"),
        std::chrono::duration_cast<seconds>(v->processRetention).count(), 0, 24 * 3600));
    v->maxWorkers = int(reader.readInt(QStringLiteral("vix/max_workers"), v->maxWorkers, 1, 64));
    v->maxRunningProcesses = int(reader.readInt(QStringLiteral("vix/max_running_processes"),
                                                v->maxRunningProcesses, 0, 65536));
    v->identity.powerOffScript =
        reader.readString(QStringLiteral("powerops/poweroff-script"), QString());
    v->identity.powerOnScript =
        reader.readString(QStringLiteral("powerops/poweron-script"), QString());
    v->identity.resumeScript =
        reader.readString(QStringLiteral("powerops/resume-script"), QString());
    v->identity.suspendScript =
        reader.readString(QStringLiteral("powerops/suspend-script"), QString());
    // [guestoperations] is passed on whole: the VIX server knows which
    // operation names exist and checks the keys against them.
    v->guestOperations.clear();
    if (!reader.path().isEmpty() && reader.fileExists()) {
        QSettings ini(reader.path(), QSettings::IniFormat);
        ini.beginGroup(QStringLiteral("guestoperations"));
        const QStringList keys = ini.childKeys();
        for (const QString &key : keys)
            v->guestOperations.insert(key, ini.value(key).toString());
        ini.endGroup();
    }
    // A typo in an operation name would leave it enabled: refuse to start.
    QStringList problems;
    vix::server::GuestOpsPolicy::fromConfig(v->guestOperations,
                                            vix::server::GuestOpsPolicy::knownNames(), &problems);
    for (const QString &problem : std::as_const(problems)) {
        const qsizetype colon = problem.indexOf(QLatin1String(": "));
        reader.addError(problem.left(colon), problem.mid(colon + 2));
    }
}

} // namespace gk::daemon
