#pragma once

#include "CodecResult.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace gk::guestinfo {

// The detailed OS fields, in the order vmtoolsd emits them
// (lib/misc/hostinfoPosix.c detailedDataFields). Values are UTF-8.
struct OsDetailedFields
{
    QByteArray architecture; // "X86" or "Arm"
    QByteArray bitness;      // "32" or "64"
    QByteArray buildNumber;
    QByteArray cpeString;
    QByteArray distroAddlVersion;
    QByteArray distroName;
    QByteArray distroVersion;
    QByteArray familyName;
    QByteArray kernelVersion;
    QByteArray prettyName;

    // (name, value) in wire order, empty values included.
    QList<QPair<QByteArray, QByteArray>> named() const;
    bool operator==(const OsDetailedFields &) const = default;
};

// INFO_OS_DETAILED: HostinfoDetailedDataHeader (lib/include/hostinfo.h) then
// the key='value' string and its NUL (guestInfoServer.c GuestInfoGather).
struct OsDetailedInfo
{
    quint32 version = 1;     // HOSTINFO_STRUCT_HEADER_VERSION
    QByteArray shortName;    // guest OS id, e.g. "debian12-64"
    QByteArray fullName;     // e.g. "Debian GNU/Linux 12 (bookworm)"
    QByteArray detailedData; // "architecture='X86' bitness='64' ..."
    bool operator==(const OsDetailedInfo &) const = default;
};

namespace OsInfoCodec {

// sizeof(HostinfoDetailedDataHeader): uint32 + char[129] + char[513] = 646,
// padded to the uint32's 4-byte alignment.
inline constexpr qsizetype kHeaderSize = 648;
inline constexpr qsizetype kShortNameSize = 129; // MAX_OS_NAME_LEN + 1
inline constexpr qsizetype kFullNameSize = 513;  // MAX_OS_FULLNAME_LEN + 1
inline constexpr qsizetype kMaxFieldLen = 1024;  // MAX_DETAILED_FIELD_LEN (hostinfoInt.h)
inline constexpr qsizetype kMaxDetailedLen = 10 * kMaxFieldLen; // MAX_DETAILED_STRING_LEN

// HostinfoOSDetailedData: fields with a value, space-separated, as
// name='value' with ' and \ escaped by a backslash and trailing white space
// dropped. As in vmtoolsd, one field whose name='value' reaches
// MAX_DETAILED_FIELD_LEN bytes empties the whole string.
QByteArray formatDetailedData(const OsDetailedFields &fields);
// The inverse, for the simulator: name/value pairs in order, unescaped.
CodecResult<QList<QPair<QByteArray, QByteArray>>> parseDetailedData(const QByteArray &data);

// The whole message "SetGuestInfo  11 " + header + data + NUL. Names longer
// than their fields are cut, as Str_Strcpy's bounds would require; the
// header's uint32 is little-endian (the x86/arm guests vmtoolsd runs on).
QByteArray encodeOsDetailedMessage(const OsDetailedInfo &info);
// Decodes the payload after the envelope's prefix.
CodecResult<OsDetailedInfo> decodeOsDetailedPayload(const QByteArray &payload);

} // namespace OsInfoCodec

} // namespace gk::guestinfo
