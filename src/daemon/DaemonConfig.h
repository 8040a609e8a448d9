#pragma once

#include "ConfigReader.h"
#include "guestinfo/GuestInfoSettings.h"
#include "power/PowerSettings.h"
#include "vix/server/VixSettings.h"

#include <QString>

namespace gk::daemon {

struct LogSettings
{
    QString level = QStringLiteral("information");
    QString file;                     // empty: no log file
    qint64 fileRotateSize = 10 << 20; // rotate at this size
    int fileKeep = 5;                 // rotated files kept
    bool syslog = true;               // syslog on Linux, the Event Log on Windows
};

// Everything the daemon reads from its config file (docs/configuration.md).
struct DaemonConfig
{
    QString channel = QStringLiteral("auto");
    QString confDirectory; // announced to the VMX; defaults to the config file's folder
    // Give back the pages only start-up used once it is over (platform/MemoryTrim.h).
    bool trimMemory = true;
    LogSettings log;
    // [auth], [guestoperations] and [vix] (docs/vix-server.md).
    vix::server::VixSettings vix;
    // [guestinfo] (docs/guestinfo.md).
    guestinfo::GuestInfoSettings guestInfo;
    // [power] and [powerops] (docs/power.md).
    power::PowerSettings power;

    // Reads every key; errors go to the reader's error list.
    static DaemonConfig read(ConfigReader &reader);
};

// The VIX server's keys ([auth], [vix], [powerops], [guestoperations]).
void readVixSettings(ConfigReader &reader, vix::server::VixSettings *settings);

// [guestinfo] keys.
void readGuestInfoSettings(ConfigReader &reader, guestinfo::GuestInfoSettings *settings);
// [power] and [powerops] keys; scripts resolve against confDirectory by default.
void readPowerSettings(ConfigReader &reader, const QString &confDirectory,
                       power::PowerSettings *settings);

// The level names Poco and --log-level accept.
const QStringList &logLevelNames();

} // namespace gk::daemon
