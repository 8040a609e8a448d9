#pragma once

#include <QString>

namespace gk::platform {

// The guest OS as vmtoolsd describes it to the host (the detailed OS data of
// open-vm-tools lib/misc/hostinfoPosix.c; field names as in its key='value'
// string).
struct OsIdentity
{
    QString shortName;         // VMware guest OS id, e.g. "debian12-64"
    QString fullName;          // e.g. "Linux 6.1.0-13-amd64 Debian GNU/Linux 12 (bookworm)"
    QString familyName;        // "Linux", "Windows"
    QString prettyName;        // os-release PRETTY_NAME
    QString distroName;        // os-release NAME
    QString distroVersion;     // os-release VERSION_ID
    QString distroAddlVersion; // os-release VERSION
    QString buildNumber;       // os-release BUILD_ID
    QString cpeString;         // os-release CPE_NAME
    QString kernelVersion;     // uname release
    QString architecture;      // "X86", "Arm"
    int bitness = 64;
};

} // namespace gk::platform
