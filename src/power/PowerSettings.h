#pragma once

#include "platform/PowerBackend.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <optional>

namespace gk::power {

// The [power] and [powerops] keys (docs/power.md).
struct PowerSettings
{
    platform::PowerBackendKind backend = platform::PowerBackendKind::System;
    // Where the default scripts are and relative script paths resolve
    // (vmtoolsd: the tools install path, GuestApp_GetInstallPath).
    QString scriptDirectory;
    // [powerops] <key>-script by key ("poweroff-script", ...): absent = the
    // default script, empty = no script, as in powerOps.c.
    QHash<QString, QString> scripts;
    // A script still running after this is killed and reported as failed.
    std::chrono::milliseconds scriptTimeout{std::chrono::seconds(60)};
};

} // namespace gk::power
