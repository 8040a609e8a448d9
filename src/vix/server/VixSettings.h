#pragma once

#include "VixContext.h"

#include <QMap>
#include <QString>

#include <chrono>

namespace gk::vix::server {

// The VIX server's configuration (docs/configuration.md, [auth] and
// [guestoperations]); filled by the daemon from its config file.
struct VixSettings
{
    // `[auth] mode = none`: operations run as the daemon's user, unchecked.
    bool authNone = false;
    std::chrono::milliseconds credentialCacheTtl = std::chrono::seconds(60);
    std::chrono::milliseconds ticketTtl = std::chrono::minutes(30);
    std::chrono::milliseconds failureDelay = std::chrono::seconds(2);
    std::chrono::milliseconds processRetention = std::chrono::minutes(5);
    int maxWorkers = 8;
    // How long the event loop waits for a worker's answer, and a worker for
    // the next request, before sleeping ([vix] handoff_wait_us; 0: never).
    std::chrono::microseconds handoffWait = std::chrono::microseconds(250);
    // Programs started through VIX and still running, at most (0: no limit);
    // StartProgram beyond it answers VIX_E_PROGRAM_NOT_STARTED.
    int maxRunningProcesses = 512;
    // Built-in programs (http.RoundTrip ...) may be started ([vix]
    // builtin_programs).
    bool builtinPrograms = true;
    // An upload's CLOSE answers once the file's data is on disk (fdatasync
    // before it takes its name): [vix] durable_uploads.
    bool durableUploads = true;
    QString pamService = QStringLiteral("guestkit");
    // The raw [guestoperations] group: key -> value.
    QMap<QString, QString> guestOperations;
    ToolsStateIdentity identity;
};

} // namespace gk::vix::server
