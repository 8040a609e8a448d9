#pragma once

#include "platform/PlatformError.h"
#include "platform/PowerAction.h"
#include "platform/PowerBackend.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace gk::platform::linuxos {

// What the guest has for powering itself off, found on its file system.
struct PowerTools
{
    bool systemdRunning = false; // /run/systemd/system exists (sd_booted()'s test)
    QString systemctl;           // the systemctl binary; empty when there is none
    QString shutdown;            // the SysV shutdown binary; empty when there is none
};

// Looks for the tools under `root` ("/" normally; tests pass a fake tree):
// systemctl in /usr/bin, /bin, /usr/sbin, /sbin (vmtoolsd's
// lib/system/systemLinux.c looks in /usr/bin and /sbin), shutdown in /sbin,
// /usr/sbin. The paths returned are those of the running system (without
// `root`).
PowerTools probePowerTools(const QString &root = QStringLiteral("/"));

// One way of carrying out an action: run `program` with `arguments`, or,
// when `program` is empty, write `data` to the file `writeTo`.
struct PowerCommand
{
    QString program;
    QStringList arguments;
    QString writeTo;
    QByteArray data;

    bool isValid() const { return !program.isEmpty() || !writeTo.isEmpty(); }
    // "systemctl poweroff", "write mem to /sys/power/state": for logs and tests.
    QString describe() const;
};

// The command the system backend runs for `action` with `tools`:
//  - systemd running and systemctl present: systemctl poweroff|reboot|suspend;
//  - otherwise halt and reboot as vmtoolsd does without systemd
//    (lib/system/systemLinux.c: "/sbin/shutdown -h now", "-r now") and
//    suspend through the kernel: "mem" written to /sys/power/state.
// Invalid (no program, no file) when the guest has no tool for the action.
PowerCommand powerCommandFor(PowerAction action, const PowerTools &tools);

// Runs `command` and waits for it: a program must exit with 0 (else Io with
// its exit code and output); a missing program is NotFound.
PlatformError runPowerCommand(const PowerCommand &command);

// The system backend with its probe and runner replaced (tests: nothing is
// powered off). createPowerBackend(System) uses probePowerTools("/") and
// runPowerCommand.
std::unique_ptr<PowerBackend>
createLinuxPowerBackend(std::function<PowerTools()> probe,
                        std::function<PlatformError(const PowerCommand &)> run);

} // namespace gk::platform::linuxos
