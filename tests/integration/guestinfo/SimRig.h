#pragma once

#include "GuestkitdProcess.h"
#include "vmx/VmxSimulator.h"

#include <QTemporaryDir>

#include <memory>

// The simulator on a socket in a temporary folder and, on request, a real
// guestkitd connected to it with a config of the test's own.
struct SimRig
{
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    std::unique_ptr<gk::vmx::VmxSimulator> sim = std::make_unique<gk::vmx::VmxSimulator>();
    std::unique_ptr<GuestkitdProcess> daemon;

    QString endpoint() const { return QStringLiteral("sim:unix:") + dir->filePath("vmx.sock"); }
    bool listen();
    // Starts guestkitd with "[logging] syslog = false" + extraConfig and
    // waits for the handshake.
    bool startDaemon(const QByteArray &extraConfig);
    // Waits until a guest info request whose text starts with prefix came
    // after the first `after` requests.
    bool waitForRequest(const QByteArray &prefix, qsizetype after, int timeoutMs);
};
