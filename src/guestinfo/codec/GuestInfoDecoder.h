#pragma once

#include "CodecResult.h"
#include "DiskInfoCodec.h"
#include "GuestInfoMessage.h"
#include "NicInfoTypes.h"
#include "OsInfoCodec.h"

#include <QByteArray>
#include <QList>

#include <variant>

namespace gk::guestinfo {

// What the simulator learns from one guest info RPCI.
struct TextInfo
{
    GuestInfoKind kind = GuestInfoKind::DnsName;
    QByteArray value; // UTF-8, without the NUL
};

struct NicInfoRecord
{
    GuestInfoKind kind = GuestInfoKind::IpAddressV3; // or IpAddressV2
    NicInfoV3 info;
};

struct DiskInfoRecord
{
    bool json = true; // SetGuestDiskInfo (true) or INFO_DISK_FREE_SPACE (false)
    QList<DiskPartition> partitions;
};

using GuestInfoRecord = std::variant<TextInfo, NicInfoRecord, OsDetailedInfo, DiskInfoRecord>;

// Decodes a `SetGuestInfo  <kind> ...` or `SetGuestDiskInfo {...}` message
// as vmtoolsd sends it. INFO_IPADDRESS (V1) and INFO_MEMORY are refused:
// guestkit does not send them.
CodecResult<GuestInfoRecord> decodeGuestInfoMessage(const QByteArray &message);

} // namespace gk::guestinfo
