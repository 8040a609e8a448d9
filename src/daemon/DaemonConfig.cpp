#include "DaemonConfig.h"

#include "channel/ChannelEndpoint.h"
#include "platform/SystemPaths.h"

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
    c.trimMemory = reader.readBool(QStringLiteral("daemon/trim_memory"), c.trimMemory);

    c.log.level = reader.readChoice(QStringLiteral("logging/level"), c.log.level, logLevelNames());
    c.log.file = reader.readString(QStringLiteral("logging/file"), c.log.file);
    c.log.fileRotateSize = reader.readSize(QStringLiteral("logging/file_rotate_size"),
                                           c.log.fileRotateSize, 64 * 1024, qint64(1) << 32);
    c.log.fileKeep =
        int(reader.readInt(QStringLiteral("logging/file_keep"), c.log.fileKeep, 1, 100));
    c.log.syslog = reader.readBool(QStringLiteral("logging/syslog"), c.log.syslog);
    readVixSettings(reader, &c.vix);
    readGuestInfoSettings(reader, &c.guestInfo);
    readPowerSettings(reader, c.confDirectory, &c.power);
    // [guestoperations] is checked against the operation names instead.
    reader.checkUnknownKeys({QStringLiteral("guestoperations")});
    return c;
}

void readGuestInfoSettings(ConfigReader &reader, guestinfo::GuestInfoSettings *g)
{
    // Up to a day; 0 = no periodic gather.
    g->pollInterval = std::chrono::seconds(reader.readInt(QStringLiteral("guestinfo/poll_interval"),
                                                          g->pollInterval.count(), 0, 24 * 3600));
    g->excludeNics = reader.readList(QStringLiteral("guestinfo/exclude_nics"), g->excludeNics);
    g->primaryNics = reader.readList(QStringLiteral("guestinfo/primary_nics"), g->primaryNics);
    g->lowPriorityNics =
        reader.readList(QStringLiteral("guestinfo/low_priority_nics"), g->lowPriorityNics);
    g->reportDisks = reader.readBool(QStringLiteral("guestinfo/report_disks"), g->reportDisks);
    g->maxIPv4Routes =
        int(reader.readInt(QStringLiteral("guestinfo/max_ipv4_routes"), g->maxIPv4Routes, 0, 100));
    g->maxIPv6Routes =
        int(reader.readInt(QStringLiteral("guestinfo/max_ipv6_routes"), g->maxIPv6Routes, 0, 100));
}

void readPowerSettings(ConfigReader &reader, const QString &confDirectory, power::PowerSettings *p)
{
    const QString backend =
        reader.readChoice(QStringLiteral("power/backend"), QStringLiteral("system"),
                          {QStringLiteral("system"), QStringLiteral("dry-run")});
    p->backend = backend == QLatin1String("dry-run") ? platform::PowerBackendKind::DryRun
                                                     : platform::PowerBackendKind::System;
    p->scriptDirectory = reader.readString(
        QStringLiteral("power/script_directory"),
        confDirectory.isEmpty() ? QFileInfo(platform::defaultConfigPath()).absolutePath()
                                : confDirectory);
    p->scriptTimeout = std::chrono::seconds(reader.readInt(
        QStringLiteral("power/script_timeout"),
        std::chrono::duration_cast<std::chrono::seconds>(p->scriptTimeout).count(), 1, 3600));
    // The [powerops] keys of tools.conf: absent = default script, empty = none.
    const QString unset = QStringLiteral("\x01unset");
    for (const QString &key : {QStringLiteral("poweroff-script"), QStringLiteral("poweron-script"),
                               QStringLiteral("resume-script"), QStringLiteral("suspend-script")}) {
        const QString value = reader.readString(QStringLiteral("powerops/") + key, unset);
        if (value != unset)
            p->scripts.insert(key, value);
    }
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
    v->handoffWait = std::chrono::microseconds(
        reader.readInt(QStringLiteral("vix/handoff_wait_us"), v->handoffWait.count(), 0, 10000));
    v->maxRunningProcesses = int(reader.readInt(QStringLiteral("vix/max_running_processes"),
                                                v->maxRunningProcesses, 0, 65536));
    v->builtinPrograms =
        reader.readBool(QStringLiteral("vix/builtin_programs"), v->builtinPrograms);
    v->durableUploads = reader.readBool(QStringLiteral("vix/durable_uploads"), v->durableUploads);
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
