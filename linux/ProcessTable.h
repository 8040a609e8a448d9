#pragma once

#include "platform/PlatformError.h"
#include "platform/ProcessInfo.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace gk::platform {

// The fields of /proc/PID/stat a listing needs (proc(5)).
struct ProcStat
{
    QString comm;
    quint64 startTicks = 0; // field 22: clock ticks after boot
};

// Parses /proc/PID/stat; the name is in parentheses and may itself contain
// spaces and ')', so fields are counted from the last ')'.
std::optional<ProcStat> parseProcStat(const QByteArray &stat);
// /proc/PID/cmdline: arguments separated (and ended) by NULs.
QString commandLineFromProc(const QByteArray &cmdline);
// /proc/PID/status "Uid:" line: real, effective, saved and filesystem uid.
std::optional<QList<qint64>> uidsFromProcStatus(const QByteArray &status);

// Every process in /proc: pid, name, owner (effective user), command line
// and start time. Processes that vanish while it reads are skipped.
Result<QList<ProcessInfo>> readProcessTable();

// The boot time, from the btime line of /proc/stat (seconds since the epoch).
qint64 bootTimeSeconds();

} // namespace gk::platform
