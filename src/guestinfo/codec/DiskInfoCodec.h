#pragma once

#include "CodecResult.h"

#include <QByteArray>
#include <QList>

namespace gk::guestinfo {

// One mounted file system as vSphere's guest.disk shows it.
struct DiskPartition
{
    QByteArray name; // mount point (UTF-8)
    quint64 freeBytes = 0;
    quint64 totalBytes = 0;
    QByteArray fsType;         // e.g. "ext4"; omitted when empty
    QByteArray uuid;           // Windows only in vmtoolsd; omitted when empty
    QList<QByteArray> devices; // e.g. "scsi0:0"; omitted when empty
    bool operator==(const DiskPartition &) const = default;
};

// Disk info as vmtoolsd 12.x sends it (guestInfoServer.c): first the JSON
// `SetGuestDiskInfo` message (GuestInfoSendDiskInfoV1); if the VMX refuses
// it, the binary INFO_DISK_FREE_SPACE message (GuestInfoSendDiskInfoV0).
namespace DiskInfoCodec {

inline constexpr qsizetype kNameSize = 100;           // PARTITION_NAME_SIZE (guestInfo.h)
inline constexpr qsizetype kFsTypeSize = 260;         // FSTYPE_SIZE
inline constexpr qsizetype kDeviceNameSize = 15;      // DISK_DEVICE_NAME_SIZE
inline constexpr qsizetype kPartitionEntrySize = 116; // packed PartitionEntry
inline constexpr int kMaxV0Partitions = 255;          // the uint8 count

// "SetGuestDiskInfo {\n\"version\":\"1\",\n\"disks\":[\n{...},\n{...}\n]}" and
// its NUL. Names are cut to 99 bytes and base64-encoded; fstype, uuid and
// device names go out unescaped in vmtoolsd, so one holding a JSON special
// character (", \, control) is omitted here rather than break the document.
// Partitions that would take the message over 64 KiB are dropped from the
// end; *sent (if given) receives how many were kept.
QByteArray encodeJsonMessage(const QList<DiskPartition> &partitions, qsizetype *sent = nullptr);
CodecResult<QList<DiskPartition>> decodeJsonMessage(const QByteArray &message);

// "SetGuestInfo  3 " + uint8 count (at most 255, the rest dropped) + packed
// little-endian PartitionEntry {uint64 free, uint64 total, char name[100]}
// each, + the two zero bytes vmtoolsd's size arithmetic leaves at the end.
QByteArray encodeV0Message(const QList<DiskPartition> &partitions);
// Decodes the payload after the envelope's prefix (only name/free/total).
CodecResult<QList<DiskPartition>> decodeV0Payload(const QByteArray &payload);

} // namespace DiskInfoCodec

} // namespace gk::guestinfo
