#pragma once

#include "platform/OsIdentity.h"

#include <QByteArray>
#include <QString>

namespace gk::platform {

// The os-release fields vmtoolsd reads (osReleaseFields in open-vm-tools
// lib/misc/hostinfoPosix.c) and the "distro string" it matches against: the
// values it found, joined with spaces in the order of the file's lines.
struct OsReleaseFields
{
    QString prettyName; // PRETTY_NAME
    QString name;       // NAME
    QString versionId;  // VERSION_ID
    QString buildId;    // BUILD_ID
    QString version;    // VERSION
    QString cpeName;    // CPE_NAME
    QString distroString;
};

OsReleaseFields parseOsRelease(const QByteArray &text);

// The VMware guest OS id for a Linux guest, as hostinfoPosix.c computes it:
// the lower-cased distro string is matched against its table in order
// (first hit wins), the version is VERSION_ID's leading number (else the
// first number in the distro string), unknown distributions fall back to an
// id from the kernel version (HostinfoDefaultLinux), and "-64" is appended
// on 64-bit systems. arm: aarch64 guests get the "arm-" prefix.
QString linuxGuestOsId(const QString &distroString, const QString &versionId,
                       const QString &kernelRelease, bool is64Bit, bool arm = false);

// All of OsIdentity from os-release text and uname values.
OsIdentity linuxOsIdentity(const QByteArray &osRelease, const QString &sysname,
                           const QString &kernelRelease, const QString &machine);

} // namespace gk::platform
