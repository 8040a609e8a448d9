#pragma once

#include "HgfsConstants.h"
#include "HgfsDecoded.h"

#include <QByteArray>

namespace gk::hgfs {

// Which header a packet starts with (hgfsServerParameters.c HgfsUnpackPacketParams):
// - Legacy: HgfsRequest {id, op} / HgfsReply {id, status}, 8 bytes. V1/V2 op
//   structs embed it; V3 ops follow it.
// - Session: HgfsHeader (52 bytes), recognised by HGFS_OP_NEW_HEADER (0xff) in
//   the legacy op slot. Carries the session id; required for V4 ops.
enum class HgfsHeaderForm { Legacy, Session };

// The header of one packet, in either form.
struct HgfsHeader
{
    static constexpr quint32 kLegacySize = 8;   // sizeof (HgfsRequest) == sizeof (HgfsReply)
    static constexpr quint32 kSessionSize = 52; // sizeof (HgfsHeader), #pragma pack(1)

    HgfsHeaderForm form = HgfsHeaderForm::Session;
    quint8 version = kHeaderVersion;
    quint32 requestId = 0;
    quint32 op = 0; // raw wire value: may lie outside HgfsOp
    quint32 status = 0;
    quint32 flags = 0;
    quint32 information = 0;
    quint64 sessionId = kInvalidSessionId;

    quint32 size() const { return form == HgfsHeaderForm::Legacy ? kLegacySize : kSessionSize; }
};

// True for V1/V2 ops, whose request and reply structs begin with an embedded
// HgfsRequest / HgfsReply even behind the session header.
constexpr bool hasEmbeddedHeader(quint32 op)
{
    return op < opValue(HgfsOp::OpenV3);
}

// One request packet split into header and op arguments. args never include a
// header: the embedded HgfsRequest of V1/V2 ops is dropped here.
struct HgfsRequestPacket
{
    HgfsHeader header;
    QByteArray args;
    HgfsStatus status = HgfsStatus::Success; // otherwise: reply with this status, no body
    bool canReply = true; // false: too broken to answer (hgfsServer.c HGFS_ERROR_INTERNAL)
    QString error;

    bool ok() const { return status == HgfsStatus::Success; }
};

// Validates and splits a request packet the way hgfsServer.c does, plus two
// stricter checks: headerSize below 52 and packets over HGFS_LARGE_PACKET_MAX
// are protocol errors.
HgfsRequestPacket decodeRequestPacket(const QByteArray &packet);

// A request packet in the given form (client side: the simulator and tests).
QByteArray encodeRequestPacket(const HgfsHeader &header, const QByteArray &args);

// The reply to `request`, in the request's form. On success body is the op's
// reply struct without any header; on failure body is dropped, as
// HgfsServerCompleteRequest sends an error with a zero-size payload.
// The session header echoes request.sessionId, except for CREATE_SESSION_V4
// (HGFS_INVALID_SESSION_ID, as hgfsServer.c); a server answering STALE_SESSION
// sets request.sessionId to kInvalidSessionId first, as hgfsServer.c does.
QByteArray encodeReplyPacket(const HgfsHeader &request, HgfsStatus status,
                             const QByteArray &body = {});

// Status for a request whose op this server has no handler for: a real HGFS
// op (below HGFS_OP_MAX) is OPERATION_NOT_SUPPORTED, matching the capability
// list we advertise (and govmomi server.go); any other value is PROTOCOL_ERROR,
// as hgfsServer.c answers ops outside its handler table.
HgfsStatus unsupportedOpStatus(quint32 op);
QByteArray encodeUnsupportedOpReply(const HgfsHeader &request);

// A decoded reply (client side). body excludes every header.
struct HgfsReplyPacket
{
    HgfsHeader header;
    HgfsStatus status = HgfsStatus::Success;
    QByteArray body;
};
// The legacy reply carries no op, so the caller says which op it asked for.
HgfsDecoded<HgfsReplyPacket> decodeReplyPacket(const QByteArray &packet, HgfsHeaderForm form,
                                               quint32 op);

// Largest reply packet the peer accepts (hgfsServerParameters.c
// HgfsValidateReplySize): legacy header: READ_V3 up to HGFS_LARGE_PACKET_MAX,
// everything else HGFS_PACKET_MAX; session header: the session's negotiated size.
quint32 replyPacketLimit(HgfsHeaderForm form, quint32 op, quint32 sessionMaxPacketSize);

} // namespace gk::hgfs
