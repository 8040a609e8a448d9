#include "HgfsSessionOps.h"

#include "HgfsWireReader.h"
#include "HgfsWireWriter.h"

namespace gk::hgfs {

namespace {

// numCapabilities comes off the wire: check it against the bytes present
// before allocating anything (a count near 2^32 must fail, not allocate).
bool readCapabilities(HgfsWireReader &r, quint32 count, QList<HgfsCapability> &out)
{
    if (quint64(count) * 8 > r.remaining())
        return false;
    out.reserve(qsizetype(count));
    for (quint32 i = 0; i < count; ++i) {
        HgfsCapability c;
        r.readU32(c.op);
        r.readU32(c.flags);
        out.append(c);
    }
    return !r.failed();
}

void writeCapabilities(HgfsWireWriter &w, const QList<HgfsCapability> &caps)
{
    for (const HgfsCapability &c : caps)
        w.u32(c.op).u32(c.flags);
}

} // namespace

HgfsDecoded<HgfsCreateSessionRequest> HgfsCreateSessionRequest::decode(const QByteArray &args)
{
    HgfsCreateSessionRequest req;
    HgfsWireReader r(args);
    quint32 count = 0;
    r.readU32(count);
    r.readU32(req.maxPacketSize);
    r.readU32(req.flags);
    r.skip(4); // reserved
    if (r.failed())
        return protocolError<HgfsCreateSessionRequest>(
            QStringLiteral("CREATE_SESSION_V4 request of %1 bytes is truncated").arg(args.size()));
    if (!readCapabilities(r, count, req.capabilities))
        return protocolError<HgfsCreateSessionRequest>(
            QStringLiteral("CREATE_SESSION_V4 announces %1 capabilities past the end").arg(count));
    return HgfsDecoded<HgfsCreateSessionRequest>::success(req);
}

QByteArray HgfsCreateSessionRequest::encode() const
{
    HgfsWireWriter w;
    w.u32(quint32(capabilities.size())).u32(maxPacketSize).u32(flags).u32(0);
    writeCapabilities(w, capabilities);
    return w.take();
}

HgfsDecoded<HgfsCreateSessionReply> HgfsCreateSessionReply::decode(const QByteArray &body)
{
    HgfsCreateSessionReply rep;
    HgfsWireReader r(body);
    quint32 count = 0;
    r.readU64(rep.sessionId);
    r.readU32(count);
    r.readU32(rep.maxPacketSize);
    r.readU32(rep.identityOffset);
    r.readU32(rep.flags);
    r.skip(4); // reserved
    if (r.failed() || !readCapabilities(r, count, rep.capabilities))
        return protocolError<HgfsCreateSessionReply>(
            QStringLiteral("CREATE_SESSION_V4 reply of %1 bytes is truncated").arg(body.size()));
    return HgfsDecoded<HgfsCreateSessionReply>::success(rep);
}

QByteArray HgfsCreateSessionReply::encode() const
{
    HgfsWireWriter w;
    w.u64(sessionId).u32(quint32(capabilities.size())).u32(maxPacketSize);
    w.u32(identityOffset).u32(flags).u32(0);
    writeCapabilities(w, capabilities);
    return w.take();
}

HgfsDecoded<HgfsDestroySession> HgfsDestroySession::decode(const QByteArray &argsOrBody)
{
    if (quint64(argsOrBody.size()) < kSize)
        return protocolError<HgfsDestroySession>(
            QStringLiteral("DESTROY_SESSION_V4 payload of %1 bytes").arg(argsOrBody.size()));
    return HgfsDecoded<HgfsDestroySession>::success({});
}

QByteArray HgfsDestroySession::encode() const
{
    return QByteArray(kSize, '\0');
}

QList<HgfsCapability> HgfsSessionOps::capabilitiesFor(const QSet<quint32> &supportedOps)
{
    QList<HgfsCapability> caps;
    caps.reserve(qsizetype(opValue(HgfsOp::Max)));
    for (quint32 op = 0; op < opValue(HgfsOp::Max); ++op)
        caps.append({op, supportedOps.contains(op) ? kOpCapIsSupported : kOpCapNotSupported});
    return caps;
}

quint32 HgfsSessionOps::negotiateMaxPacketSize(quint32 requested, quint32 serverMax)
{
    if (requested == 0)
        return serverMax;
    return qMin(requested, serverMax);
}

HgfsCreateSessionReply
HgfsSessionOps::makeCreateSessionReply(quint64 sessionId, const HgfsCreateSessionRequest &request,
                                       quint32 serverMax, const QSet<quint32> &supportedOps)
{
    HgfsCreateSessionReply rep;
    rep.sessionId = sessionId;
    rep.maxPacketSize = negotiateMaxPacketSize(request.maxPacketSize, serverMax);
    // Oplocks, change notification and async I/O are not offered, so only the
    // packet size flag is set (hgfsServer.c sets it on every session).
    rep.flags = kSessionMaxPacketSizeValid;
    rep.capabilities = capabilitiesFor(supportedOps);
    return rep;
}

} // namespace gk::hgfs
