#include "HgfsHeader.h"

#include "HgfsStatusMap.h"
#include "HgfsWireReader.h"
#include "HgfsWireWriter.h"

namespace gk::hgfs {

namespace {

HgfsRequestPacket refuse(HgfsRequestPacket p, bool canReply, QString why)
{
    p.status = HgfsStatus::ProtocolError;
    p.canReply = canReply;
    p.error = std::move(why);
    p.args.clear();
    return p;
}

// Reads the 52-byte HgfsHeader (hgfsProto.h) after its first 8 bytes.
void readSessionFields(HgfsWireReader &r, HgfsHeader &h, quint32 &packetSize, quint32 &headerSize)
{
    r.readU32(packetSize);
    r.readU32(headerSize);
    r.readU32(h.requestId);
    r.readU32(h.op);
    r.readU32(h.status);
    r.readU32(h.flags);
    r.readU32(h.information);
    r.readU64(h.sessionId);
    r.skip(8); // reserved
}

} // namespace

HgfsRequestPacket decodeRequestPacket(const QByteArray &packet)
{
    HgfsRequestPacket p;
    HgfsWireReader r(packet);
    quint32 first = 0;
    quint32 legacyOp = 0;
    if (!r.readU32(first) || !r.readU32(legacyOp))
        return refuse(
            p, false,
            QStringLiteral("packet of %1 bytes is shorter than any header").arg(packet.size()));

    if (legacyOp < opValue(HgfsOp::CreateSessionV4)) {
        p.header.form = HgfsHeaderForm::Legacy;
        p.header.requestId = first;
        p.header.op = legacyOp;
        p.header.sessionId = kInvalidSessionId;
        if (quint64(packet.size()) > kLargePacketMax)
            return refuse(
                p, true,
                QStringLiteral("packet of %1 bytes exceeds the HGFS maximum").arg(packet.size()));
        p.args = r.rest();
        return p;
    }
    if (legacyOp != opValue(HgfsOp::NewHeader))
        return refuse(
            p, false,
            QStringLiteral("legacy op slot holds %1: newer client or malformed").arg(legacyOp));

    p.header.form = HgfsHeaderForm::Session;
    p.header.version = quint8(first & 0xff);
    quint32 packetSize = 0;
    quint32 headerSize = 0;
    readSessionFields(r, p.header, packetSize, headerSize);
    if (r.failed())
        return refuse(p, false,
                      QStringLiteral("session header truncated at %1 bytes").arg(packet.size()));
    if (quint64(packet.size()) > kLargePacketMax || packetSize > kLargePacketMax)
        return refuse(p, true,
                      QStringLiteral("packet of %1 bytes exceeds the HGFS maximum")
                          .arg(qMax<quint64>(packet.size(), packetSize)));
    if (packetSize > quint64(packet.size()) || packetSize < headerSize)
        return refuse(p, true,
                      QStringLiteral("inconsistent sizes: packet %1, header %2, received %3")
                          .arg(packetSize)
                          .arg(headerSize)
                          .arg(packet.size()));
    if (headerSize < HgfsHeader::kSessionSize)
        return refuse(p, true,
                      QStringLiteral("header size %1 below %2")
                          .arg(headerSize)
                          .arg(HgfsHeader::kSessionSize));
    if (p.header.version < kHeaderVersion1)
        return refuse(p, true, QStringLiteral("header version %1").arg(p.header.version));
    // Version 1 clients did not initialise flags and information (hgfsServerParameters.c
    // HgfsUnpackHeaderV4), so they are ignored there.
    if (p.header.version == kHeaderVersion1) {
        p.header.flags = 0;
        p.header.information = 0;
    }
    if (p.header.flags != 0 && (p.header.flags & (kPacketFlagRequest | kPacketFlagReply)) == 0)
        return refuse(p, true,
                      QStringLiteral("header flags 0x%1 name neither request nor reply")
                          .arg(p.header.flags, 0, 16));

    p.args = packet.mid(qsizetype(headerSize), qsizetype(packetSize - headerSize));
    if (hasEmbeddedHeader(p.header.op)) {
        if (p.args.size() < qsizetype(HgfsHeader::kLegacySize))
            return refuse(p, true,
                          QStringLiteral("%1 request lacks its embedded header")
                              .arg(hgfsOpName(p.header.op)));
        p.args.remove(0, HgfsHeader::kLegacySize);
    }
    return p;
}

QByteArray encodeRequestPacket(const HgfsHeader &header, const QByteArray &args)
{
    HgfsWireWriter w;
    if (header.form == HgfsHeaderForm::Legacy) {
        w.u32(header.requestId).u32(header.op).bytes(args);
        return w.take();
    }
    const bool embedded = hasEmbeddedHeader(header.op);
    const quint32 payload = quint32(args.size()) + (embedded ? HgfsHeader::kLegacySize : 0);
    w.u8(header.version).zeros(3).u32(opValue(HgfsOp::NewHeader));
    w.u32(HgfsHeader::kSessionSize + payload).u32(HgfsHeader::kSessionSize);
    w.u32(header.requestId).u32(header.op).u32(header.status).u32(header.flags);
    w.u32(header.information).u64(header.sessionId).u64(0);
    if (embedded)
        w.u32(header.requestId).u32(header.op);
    w.bytes(args);
    return w.take();
}

QByteArray encodeReplyPacket(const HgfsHeader &request, HgfsStatus status, const QByteArray &body)
{
    const bool ok = status == HgfsStatus::Success;
    HgfsWireWriter w;
    if (request.form == HgfsHeaderForm::Legacy) {
        // For V1/V2 ops this 8-byte header is the reply struct's own first field.
        w.u32(request.requestId).u32(quint32(status));
        if (ok)
            w.bytes(body);
        return w.take();
    }
    const bool embedded = ok && hasEmbeddedHeader(request.op);
    const quint32 payload =
        ok ? quint32(body.size()) + (embedded ? HgfsHeader::kLegacySize : 0) : 0;
    // hgfsServerParameters.c HgfsPackReplyHeaderV4: information repeats the status.
    w.u8(kHeaderVersion).zeros(3).u32(opValue(HgfsOp::NewHeader));
    w.u32(HgfsHeader::kSessionSize + payload).u32(HgfsHeader::kSessionSize);
    w.u32(request.requestId).u32(request.op).u32(quint32(status)).u32(kPacketFlagReply);
    // hgfsServer.c HgfsServerCompleteRequest: the header names the session the
    // request ran in; CREATE_SESSION_V4 ran in none (the new id is in the body).
    const quint64 sessionId =
        request.op == opValue(HgfsOp::CreateSessionV4) ? kInvalidSessionId : request.sessionId;
    w.u32(quint32(status)).u64(sessionId).u64(0);
    // The embedded HgfsReply stays zero, as HgfsAllocInitReply leaves it (and govmomi).
    if (embedded)
        w.zeros(HgfsHeader::kLegacySize);
    if (ok)
        w.bytes(body);
    return w.take();
}

HgfsStatus unsupportedOpStatus(quint32 op)
{
    return op < opValue(HgfsOp::Max) ? HgfsStatus::OperationNotSupported
                                     : HgfsStatus::ProtocolError;
}

QByteArray encodeUnsupportedOpReply(const HgfsHeader &request)
{
    return encodeReplyPacket(request, unsupportedOpStatus(request.op));
}

HgfsDecoded<HgfsReplyPacket> decodeReplyPacket(const QByteArray &packet, HgfsHeaderForm form,
                                               quint32 op)
{
    using Result = HgfsDecoded<HgfsReplyPacket>;
    HgfsReplyPacket rp;
    HgfsWireReader r(packet);
    quint32 first = 0;
    quint32 second = 0;
    if (!r.readU32(first) || !r.readU32(second))
        return protocolError<HgfsReplyPacket>(QStringLiteral("reply shorter than any header"));
    rp.header.form = form;
    if (form == HgfsHeaderForm::Legacy) {
        rp.header.requestId = first;
        rp.header.op = op;
        rp.header.status = second;
        rp.status = HgfsStatus(second);
        rp.body = r.rest();
        return Result::success(rp);
    }
    if (second != opValue(HgfsOp::NewHeader))
        return protocolError<HgfsReplyPacket>(QStringLiteral("reply lacks the session header"));
    rp.header.version = quint8(first & 0xff);
    quint32 packetSize = 0;
    quint32 headerSize = 0;
    readSessionFields(r, rp.header, packetSize, headerSize);
    if (r.failed() || packetSize > quint64(packet.size()) || packetSize < headerSize ||
        headerSize < HgfsHeader::kSessionSize)
        return protocolError<HgfsReplyPacket>(QStringLiteral("reply header sizes inconsistent"));
    if (rp.header.op != op)
        return protocolError<HgfsReplyPacket>(QStringLiteral("reply for %1, expected %2")
                                                  .arg(hgfsOpName(rp.header.op), hgfsOpName(op)));
    rp.status = HgfsStatus(rp.header.status);
    rp.body = packet.mid(qsizetype(headerSize), qsizetype(packetSize - headerSize));
    if (rp.status == HgfsStatus::Success && hasEmbeddedHeader(op)) {
        if (rp.body.size() < qsizetype(HgfsHeader::kLegacySize))
            return protocolError<HgfsReplyPacket>(QStringLiteral("reply lacks embedded header"));
        rp.body.remove(0, HgfsHeader::kLegacySize);
    }
    return Result::success(rp);
}

quint32 replyPacketLimit(HgfsHeaderForm form, quint32 op, quint32 sessionMaxPacketSize)
{
    if (form == HgfsHeaderForm::Session)
        return sessionMaxPacketSize;
    return op == opValue(HgfsOp::ReadV3) ? kLargePacketMax : kPacketMax;
}

} // namespace gk::hgfs
