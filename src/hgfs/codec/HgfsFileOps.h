#pragma once

#include "HgfsConstants.h"
#include "HgfsDecoded.h"
#include "HgfsHeader.h"
#include "HgfsNames.h"

#include <QByteArray>

namespace gk::hgfs {

// HGFS_OP_OPEN (HgfsRequestOpen), OPEN_V2 (HgfsRequestOpenV2) and OPEN_V3
// (HgfsRequestOpenV3), hgfsProto.h. args exclude the embedded V1/V2 header.
// V1 carries mode, flags and owner permissions only; decode fills mask the way
// hgfsServerParameters.c HgfsUnpackOpenPayloadV1 does. V2/V3 without
// HGFS_OPEN_VALID_FILE_NAME are refused, as there.
struct HgfsOpenRequest
{
    static constexpr quint32 kV1FixedSize = 13; // mode, flags, permissions, name length
    static constexpr quint32 kV2FixedSize = 68; // ... up to and with the name length
    static constexpr quint32 kV3FixedSize = 80; // ... up to and with HgfsFileNameV3's fid

    quint32 op = opValue(HgfsOp::OpenV3);
    quint64 mask = 0;
    quint32 mode = kOpenModeReadOnly;
    quint32 flags = quint32(HgfsOpenFlags::Open);
    quint8 specialPerms = 0;
    quint8 ownerPerms = 0;
    quint8 groupPerms = 0;
    quint8 otherPerms = 0;
    quint64 attrFlags = 0;
    quint64 allocationSize = 0;
    quint32 desiredAccess = 0;
    quint32 shareAccess = 0;
    quint32 desiredLock = quint32(HgfsLockType::None);
    HgfsFileRef file;

    quint32 accessMode() const { return mode & kOpenModeAccModes; }

    static HgfsDecoded<HgfsOpenRequest> decode(quint32 op, const QByteArray &args);
    QByteArray encode() const;

    bool operator==(const HgfsOpenRequest &) const = default;
};

// HgfsReplyOpen (file), HgfsReplyOpenV2 (+ acquiredLock), HgfsReplyOpenV3
// (+ flags, reserved).
struct HgfsOpenReply
{
    quint32 handle = kInvalidHandle;
    quint32 acquiredLock = quint32(HgfsLockType::None);
    quint32 flags = 0;

    static HgfsDecoded<HgfsOpenReply> decode(quint32 op, const QByteArray &body);
    QByteArray encode(quint32 op) const;

    bool operator==(const HgfsOpenReply &) const = default;
};

// HgfsRequestReadV3: file, 64-bit offset, requiredSize, reserved (24 bytes).
struct HgfsReadRequest
{
    static constexpr quint32 kSize = 24;

    quint32 handle = 0;
    quint64 offset = 0;
    quint32 requiredSize = 0;

    static HgfsDecoded<HgfsReadRequest> decode(const QByteArray &args);
    QByteArray encode() const;

    // hgfsServer.c HgfsServerValidateRead: a read whose reply would not fit the
    // reply packet is INVALID_PARAMETER.
    HgfsStatus checkFits(HgfsHeaderForm form, quint32 replyPacketLimit) const;

    bool operator==(const HgfsReadRequest &) const = default;
};

// HgfsReplyReadV3: actualSize, reserved, then actualSize bytes of data. The C
// server sends one extra byte (the struct's payload[1]); govmomi and we do not.
struct HgfsReadReply
{
    static constexpr quint32 kFixedSize = 12;

    QByteArray data;

    // Most data bytes one READ_V3 reply can carry within replyPacketLimit.
    static quint32 capacity(HgfsHeaderForm form, quint32 replyPacketLimit);

    static HgfsDecoded<HgfsReadReply> decode(const QByteArray &body);
    QByteArray encode() const;

    bool operator==(const HgfsReadReply &) const = default;
};

// HgfsRequestWriteV3: file, flags (uint8), 64-bit offset, requiredSize,
// reserved, then requiredSize bytes (25 fixed bytes).
struct HgfsWriteRequest
{
    static constexpr quint32 kFixedSize = 25;

    quint32 handle = 0;
    quint8 flags = 0;
    quint64 offset = 0;
    QByteArray data;

    static HgfsDecoded<HgfsWriteRequest> decode(const QByteArray &args);
    QByteArray encode() const;

    bool operator==(const HgfsWriteRequest &) const = default;
};

// HgfsReplyWriteV3: actualSize, reserved.
struct HgfsWriteReply
{
    static constexpr quint32 kSize = 12;

    quint32 actualSize = 0;

    static HgfsDecoded<HgfsWriteReply> decode(const QByteArray &body);
    QByteArray encode() const;

    bool operator==(const HgfsWriteReply &) const = default;
};

// HGFS_OP_CLOSE (HgfsRequestClose: file) and CLOSE_V3 (file, reserved).
struct HgfsCloseRequest
{
    quint32 op = opValue(HgfsOp::CloseV3);
    quint32 handle = 0;

    static HgfsDecoded<HgfsCloseRequest> decode(quint32 op, const QByteArray &args);
    QByteArray encode() const;

    bool operator==(const HgfsCloseRequest &) const = default;
};

// HgfsReplyClose is the header alone; HgfsReplyCloseV3 is one reserved uint64.
struct HgfsCloseReply
{
    static QByteArray encode(quint32 op);
};

} // namespace gk::hgfs
