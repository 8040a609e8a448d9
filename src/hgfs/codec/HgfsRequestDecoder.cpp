#include "HgfsRequestDecoder.h"

namespace gk::hgfs {

namespace {

template <typename T> HgfsDecoded<HgfsRequestArgs> widen(const HgfsDecoded<T> &d)
{
    if (!d.ok())
        return HgfsDecoded<HgfsRequestArgs>::failedFrom(d);
    return HgfsDecoded<HgfsRequestArgs>::success(HgfsRequestArgs(d.value));
}

} // namespace

bool hasRequestDecoder(quint32 op)
{
    switch (HgfsOp(op)) {
    case HgfsOp::CreateSessionV4:
    case HgfsOp::DestroySessionV4:
    case HgfsOp::Open:
    case HgfsOp::OpenV2:
    case HgfsOp::OpenV3:
    case HgfsOp::ReadV3:
    case HgfsOp::WriteV3:
    case HgfsOp::Close:
    case HgfsOp::CloseV3:
    case HgfsOp::GetattrV2:
    case HgfsOp::GetattrV3:
    case HgfsOp::SetattrV2:
    case HgfsOp::SetattrV3:
        return true;
    default:
        return false;
    }
}

HgfsDecoded<HgfsRequestArgs> decodeRequestArgs(quint32 op, const QByteArray &args)
{
    switch (HgfsOp(op)) {
    case HgfsOp::CreateSessionV4:
        return widen(HgfsCreateSessionRequest::decode(args));
    case HgfsOp::DestroySessionV4:
        return widen(HgfsDestroySession::decode(args));
    case HgfsOp::Open:
    case HgfsOp::OpenV2:
    case HgfsOp::OpenV3:
        return widen(HgfsOpenRequest::decode(op, args));
    case HgfsOp::ReadV3:
        return widen(HgfsReadRequest::decode(args));
    case HgfsOp::WriteV3:
        return widen(HgfsWriteRequest::decode(args));
    case HgfsOp::Close:
    case HgfsOp::CloseV3:
        return widen(HgfsCloseRequest::decode(op, args));
    case HgfsOp::GetattrV2:
    case HgfsOp::GetattrV3:
        return widen(HgfsGetattrRequest::decode(op, args));
    case HgfsOp::SetattrV2:
    case HgfsOp::SetattrV3:
        return widen(HgfsSetattrRequest::decode(op, args));
    default:
        return HgfsDecoded<HgfsRequestArgs>::failure(
            unsupportedOpStatus(op), QStringLiteral("no decoder for op %1").arg(op));
    }
}

HgfsDecodedRequest decodeRequest(const QByteArray &packet)
{
    HgfsDecodedRequest out;
    out.packet = decodeRequestPacket(packet);
    if (!out.packet.ok())
        return out;
    auto args = decodeRequestArgs(out.packet.header.op, out.packet.args);
    if (!args.ok()) {
        out.packet.status = args.status;
        out.packet.error = args.error;
        return out;
    }
    out.args = std::move(args.value);
    return out;
}

} // namespace gk::hgfs
