#pragma once

#include "codec/DiskInfoCodec.h"
#include "codec/NicInfoBuilder.h"
#include "codec/OsInfoCodec.h"

#include <QStringList>

#include <optional>

namespace gk::guestinfo {

// Everything one gather read from the OS, already in the codecs' terms. A
// field the OS would not give is empty (std::nullopt) and its record is not
// sent; errors says why.
struct GuestInfoSnapshot
{
    std::optional<QByteArray> hostName; // INFO_DNS_NAME
    std::optional<OsDetailedInfo> os;   // INFO_OS_DETAILED, or INFO_OS_NAME(_FULL)
    std::optional<quint64> uptimeCentiseconds;
    std::optional<QList<DiskPartition>> disks;
    std::optional<NetworkSnapshot> network;
    QStringList errors;
};

} // namespace gk::guestinfo
