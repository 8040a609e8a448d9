#pragma once

// Helpers shared by the HGFS op suites: whole-packet round trips in either
// header form and a fully populated attribute struct.
#include "hgfs/codec/HgfsRequestDecoder.h"

#include <QDebug>

namespace gk::hgfs::test {

using namespace gk::hgfs;

inline HgfsHeader header(HgfsHeaderForm form, HgfsOp op)
{
    HgfsHeader h;
    h.form = form;
    h.requestId = 77;
    h.op = opValue(op);
    h.flags = form == HgfsHeaderForm::Session ? kPacketFlagRequest : 0;
    h.sessionId =
        form == HgfsHeaderForm::Session ? Q_UINT64_C(0xfeedface12345678) : kInvalidSessionId;
    return h;
}

// Request -> packet -> decodeRequest -> the same request, in the given form.
template <typename T> T roundTrip(HgfsHeaderForm form, HgfsOp op, const QByteArray &args)
{
    const HgfsDecodedRequest d = decodeRequest(encodeRequestPacket(header(form, op), args));
    if (!d.ok())
        qWarning() << "decode failed:" << d.packet.error;
    if (!std::holds_alternative<T>(d.args))
        return T{};
    return std::get<T>(d.args);
}

// Reply body -> reply packet -> decodeReplyPacket -> body, in the given form.
inline QByteArray replyRoundTrip(HgfsHeaderForm form, HgfsOp op, const QByteArray &body)
{
    const QByteArray packet = encodeReplyPacket(header(form, op), HgfsStatus::Success, body);
    auto back = decodeReplyPacket(packet, form, opValue(op));
    if (!back.ok() || back.value.status != HgfsStatus::Success)
        return QByteArray("decode failed");
    return back.value.body;
}

inline HgfsAttr sampleAttr()
{
    HgfsAttr a;
    a.mask = kAttrValidType | kAttrValidSize | kAttrValidWriteTime | kAttrValidOwnerPerms |
             kAttrValidGroupPerms | kAttrValidOtherPerms | kAttrValidUserId | kAttrValidGroupId |
             kAttrValidFlags;
    a.type = quint32(HgfsFileType::Regular);
    a.size = Q_UINT64_C(0x123456789);
    a.creationTime = 1;
    a.accessTime = 2;
    a.writeTime = Q_UINT64_C(133000000000000000);
    a.changeTime = 4;
    a.specialPerms = 1;
    a.ownerPerms = 7;
    a.groupPerms = 5;
    a.otherPerms = 4;
    a.flags = kAttrHidden | kAttrReadOnly;
    a.allocationSize = 8192;
    a.userId = 1000;
    a.groupId = 100;
    a.hostFileId = 99;
    a.volumeId = 3;
    a.effectivePerms = 6;
    return a;
}

inline const QList<HgfsHeaderForm> kBothForms = {HgfsHeaderForm::Legacy, HgfsHeaderForm::Session};

} // namespace gk::hgfs::test
