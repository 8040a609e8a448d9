#pragma once

#include "CodecResult.h"

#include <QByteArray>
#include <QtGlobal>

namespace gk::guestinfo {

// GuestInfoType of open-vm-tools lib/include/guestInfo.h (values are wire
// numbers). There is no tools-version kind: vmtoolsd reports its version with
// `tools.set.versiontype` (services/vmtoolsd/toolsRpc.c).
enum class GuestInfoKind : quint32 {
    DnsName = 1,       // INFO_DNS_NAME, text
    IpAddress = 2,     // INFO_IPADDRESS, binary GuestNicInfoV1 (not produced)
    DiskFreeSpace = 3, // INFO_DISK_FREE_SPACE, binary PartitionEntry list
    BuildNumber = 4,   // INFO_BUILD_NUMBER, text
    OsNameFull = 5,    // INFO_OS_NAME_FULL, text
    OsName = 6,        // INFO_OS_NAME, text
    Uptime = 7,        // INFO_UPTIME, text
    Memory = 8,        // INFO_MEMORY, binary stats (not produced)
    IpAddressV2 = 9,   // INFO_IPADDRESS_V2, XDR GuestNicProto
    IpAddressV3 = 10,  // INFO_IPADDRESS_V3, XDR GuestNicProto
    OsDetailed = 11,   // INFO_OS_DETAILED, binary header + key='value' text
};

bool isTextKind(GuestInfoKind kind);

// The RPCI envelope, from guestInfoServer.c: every kind starts with
// "SetGuestInfo  <kind> " (GUEST_INFO_COMMAND, two spaces, the decimal kind,
// a space). Text kinds (SetGuestInfo()) then carry the value and the C
// string's NUL; binary kinds (GuestInfoSendData, GuestInfoSendNicInfoXdr)
// carry their payload and nothing after it.
namespace GuestInfoMessage {

inline constexpr qsizetype kMaxMessageSize = 64 * 1024; // GUESTMSG_MAX_IN_SIZE, guest_msg_def.h

QByteArray prefix(GuestInfoKind kind);
QByteArray binary(GuestInfoKind kind, const QByteArray &payload);
// Fails for a value with a NUL (the C string would end there) or a message
// over kMaxMessageSize.
CodecResult<QByteArray> text(GuestInfoKind kind, const QByteArray &utf8Value);

// The text kinds vmtoolsd sends, with their values as vmtoolsd formats them.
CodecResult<QByteArray> dnsName(const QByteArray &utf8Name);
CodecResult<QByteArray> osNameFull(const QByteArray &utf8Name);
CodecResult<QByteArray> osName(const QByteArray &guestOsShortName);
// "build-<n>" (lib/include/buildNumber.h BUILD_NUMBER).
CodecResult<QByteArray> buildNumber(const QByteArray &buildString);
// Hundredths of a second since boot, in decimal (lib/system System_Uptime).
QByteArray uptime(quint64 centiseconds);

struct Envelope
{
    GuestInfoKind kind = GuestInfoKind::DnsName;
    QByteArray payload; // for text kinds: the value without its NUL
};

// Splits "SetGuestInfo  <kind> <payload>"; fails on another command, a kind
// outside 1..11, or a message over kMaxMessageSize.
CodecResult<Envelope> parse(const QByteArray &message);

} // namespace GuestInfoMessage

} // namespace gk::guestinfo
