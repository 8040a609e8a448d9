#pragma once

#include "HgfsConstants.h"
#include "HgfsDecoded.h"

#include <QByteArray>
#include <QList>
#include <QSet>

namespace gk::hgfs {

// hgfsProto.h HgfsOpCapability.
struct HgfsCapability
{
    quint32 op = 0;
    quint32 flags = kOpCapNotSupported;

    bool operator==(const HgfsCapability &) const = default;
};

// hgfsProto.h HgfsRequestCreateSessionV4: 16 fixed bytes + 8 per capability.
struct HgfsCreateSessionRequest
{
    static constexpr quint32 kFixedSize = 16;

    quint32 maxPacketSize = 0;
    quint32 flags = 0;
    QList<HgfsCapability> capabilities;

    static HgfsDecoded<HgfsCreateSessionRequest> decode(const QByteArray &args);
    QByteArray encode() const;

    bool operator==(const HgfsCreateSessionRequest &) const = default;
};

// hgfsProto.h HgfsReplyCreateSessionV4: 28 fixed bytes + 8 per capability.
struct HgfsCreateSessionReply
{
    static constexpr quint32 kFixedSize = 28;

    quint64 sessionId = 0;
    quint32 maxPacketSize = 0;
    quint32 identityOffset = 0; // no HgfsIdentity follows
    quint32 flags = 0;
    QList<HgfsCapability> capabilities;

    static HgfsDecoded<HgfsCreateSessionReply> decode(const QByteArray &body);
    QByteArray encode() const;

    bool operator==(const HgfsCreateSessionReply &) const = default;
};

// hgfsProto.h HgfsRequestDestroySessionV4 / HgfsReplyDestroySessionV4: one
// reserved uint64 each; the session to end is the header's session id.
struct HgfsDestroySession
{
    static constexpr quint32 kSize = 8;

    static HgfsDecoded<HgfsDestroySession> decode(const QByteArray &argsOrBody);
    QByteArray encode() const;
};

class HgfsSessionOps
{
public:
    // The capability list for the CreateSessionV4 reply, derived from the ops
    // the server has handlers for: every op below HGFS_OP_MAX in op order,
    // IS_SUPPORTED or NOT_SUPPORTED, the shape of hgfsServerParameters.c
    // hgfsDefaultCapabilityTable.
    static QList<HgfsCapability> capabilitiesFor(const QSet<quint32> &supportedOps);

    // hgfsServer.c HgfsServerAllocateSession: the smaller of the client's
    // request and the server's (channel's) maximum. A client that states 0 gets
    // the server maximum instead of a session that cannot carry any reply.
    static quint32 negotiateMaxPacketSize(quint32 requested, quint32 serverMax);

    static HgfsCreateSessionReply makeCreateSessionReply(quint64 sessionId,
                                                         const HgfsCreateSessionRequest &request,
                                                         quint32 serverMax,
                                                         const QSet<quint32> &supportedOps);
};

} // namespace gk::hgfs
