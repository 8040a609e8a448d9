#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace gk::platform {

struct MountEntry
{
    QString mountPoint;
    QString source;
    QString type;
};

// /proc/self/mountinfo (proc(5)): the mount point is field 5, the type and
// source follow the " - " separator; octal escapes (\040) are decoded.
QList<MountEntry> parseMountInfo(const QByteArray &text);
// File systems with no storage behind them (proc, sysfs, tmpfs, cgroup, ...).
bool isPseudoFileSystem(const QString &type);

} // namespace gk::platform
