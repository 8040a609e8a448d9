#pragma once

#include "GuestInfoSnapshot.h"

#include <QList>

namespace gk::guestinfo {

// One record the module keeps a last-sent copy of. Order = send order, as
// guestInfoServer.c GuestInfoGather: build, OS, disks, DNS name, NICs, uptime.
enum class GuestInfoSlot {
    BuildNumber,
    OsDetailed,
    OsNameFull,
    OsName,
    Disks,
    DnsName,
    Nics,
    Uptime
};

QString slotName(GuestInfoSlot slot);

// Which forms the VMX refused, so that the older one is sent instead
// (vmtoolsd's fallbacks in guestInfoServer.c).
struct GuestInfoFallbacks
{
    bool nicV2 = false;      // INFO_IPADDRESS_V3 refused: send kind 9
    bool osLegacy = false;   // INFO_OS_DETAILED refused: send kinds 5 and 6
    bool diskBinary = false; // SetGuestDiskInfo refused: send INFO_DISK_FREE_SPACE
};

struct GuestInfoOutgoing
{
    GuestInfoSlot slot;
    QByteArray message;
};

// The RPCI messages for a snapshot, in send order. buildString is the
// INFO_BUILD_NUMBER value. Records that cannot be encoded are left out with
// a line in *warnings.
QList<GuestInfoOutgoing> buildGuestInfoMessages(const GuestInfoSnapshot &snapshot,
                                                const GuestInfoFallbacks &fallbacks,
                                                const QByteArray &buildString,
                                                QStringList *warnings);

} // namespace gk::guestinfo
