#pragma once

#include <QByteArray>
#include <QtGlobal>

// A value in KiB from /proc/PID/status (Linux), e.g. "VmRSS:" or
// "RssFile:"; pid 0 reads this process's own. -1 when there is none.
qint64 procStatusKb(qint64 pid, const QByteArray &key);
