#pragma once

#include "platform/PlatformError.h"
#include "platform/ProcessInfo.h"

#include <QList>

namespace gk::platform::winos {

// Every process of the system (a Toolhelp snapshot): pid, image name,
// owner (from the process token, where the caller may open it), command
// line (read through NtQueryInformationProcess where the process allows it)
// and start time.
Result<QList<ProcessInfo>> readProcessTable();
// The SID string of the user running pid; empty when it cannot be read.
QString processOwnerSid(qint64 pid);

} // namespace gk::platform::winos
