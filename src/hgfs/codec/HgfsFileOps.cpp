#include "HgfsFileOps.h"

#include "HgfsStatusMap.h"
#include "HgfsWireReader.h"
#include "HgfsWireWriter.h"

namespace gk::hgfs {

namespace {

// The 64 bytes OpenV2 and OpenV3 share before their file name.
void readOpenCommon(HgfsWireReader &r, HgfsOpenRequest &o)
{
    r.readU64(o.mask);
    r.readU32(o.mode);
    r.readU32(o.flags);
    r.readU8(o.specialPerms);
    r.readU8(o.ownerPerms);
    r.readU8(o.groupPerms);
    r.readU8(o.otherPerms);
    r.readU64(o.attrFlags);
    r.readU64(o.allocationSize);
    r.readU32(o.desiredAccess);
    r.readU32(o.shareAccess);
    r.readU32(o.desiredLock);
    r.skip(16); // reserved1, reserved2
}

void writeOpenCommon(HgfsWireWriter &w, const HgfsOpenRequest &o)
{
    w.u64(o.mask).u32(o.mode).u32(o.flags);
    w.u8(o.specialPerms).u8(o.ownerPerms).u8(o.groupPerms).u8(o.otherPerms);
    w.u64(o.attrFlags).u64(o.allocationSize);
    w.u32(o.desiredAccess).u32(o.shareAccess).u32(o.desiredLock).u64(0).u64(0);
}

template <typename T> HgfsDecoded<T> truncated(quint32 op, qsizetype size)
{
    return protocolError<T>(
        QStringLiteral("%1 payload of %2 bytes is truncated").arg(hgfsOpName(op)).arg(size));
}

} // namespace

HgfsDecoded<HgfsOpenRequest> HgfsOpenRequest::decode(quint32 op, const QByteArray &args)
{
    using Result = HgfsDecoded<HgfsOpenRequest>;
    HgfsOpenRequest o;
    o.op = op;
    HgfsWireReader r(args);
    if (op == opValue(HgfsOp::Open)) {
        r.readU32(o.mode);
        r.readU32(o.flags);
        r.readU8(o.ownerPerms);
        if (r.failed())
            return truncated<HgfsOpenRequest>(op, args.size());
        o.mask = kOpenValidMode | kOpenValidFlags | kOpenValidOwnerPerms | kOpenValidFileName;
        auto name = HgfsNames::readFileName(r);
        if (!name.ok())
            return Result::failedFrom(name);
        o.file.components = name.value;
        return Result::success(o);
    }
    if (op != opValue(HgfsOp::OpenV2) && op != opValue(HgfsOp::OpenV3))
        return protocolError<HgfsOpenRequest>(QStringLiteral("%1 is not an open").arg(op));
    readOpenCommon(r, o);
    if (r.failed())
        return truncated<HgfsOpenRequest>(op, args.size());
    if (!(o.mask & kOpenValidFileName))
        return protocolError<HgfsOpenRequest>(QStringLiteral("open without a valid file name"));
    if (op == opValue(HgfsOp::OpenV2)) {
        auto name = HgfsNames::readFileName(r);
        if (!name.ok())
            return Result::failedFrom(name);
        o.file.components = name.value;
        return Result::success(o);
    }
    auto ref = HgfsNames::readFileNameV3(r);
    if (!ref.ok())
        return Result::failedFrom(ref);
    o.file = ref.value;
    return Result::success(o);
}

QByteArray HgfsOpenRequest::encode() const
{
    HgfsWireWriter w;
    if (op == opValue(HgfsOp::Open)) {
        w.u32(mode).u32(flags).u8(ownerPerms);
        HgfsNames::writeFileName(w, file.components);
        return w.take();
    }
    writeOpenCommon(w, *this);
    if (op == opValue(HgfsOp::OpenV2))
        HgfsNames::writeFileName(w, file.components);
    else
        HgfsNames::writeFileNameV3(w, file);
    return w.take();
}

HgfsDecoded<HgfsOpenReply> HgfsOpenReply::decode(quint32 op, const QByteArray &body)
{
    HgfsOpenReply o;
    HgfsWireReader r(body);
    r.readU32(o.handle);
    if (op != opValue(HgfsOp::Open))
        r.readU32(o.acquiredLock);
    if (op == opValue(HgfsOp::OpenV3)) {
        r.readU32(o.flags);
        r.skip(4); // reserved
    }
    if (r.failed())
        return truncated<HgfsOpenReply>(op, body.size());
    return HgfsDecoded<HgfsOpenReply>::success(o);
}

QByteArray HgfsOpenReply::encode(quint32 op) const
{
    HgfsWireWriter w;
    w.u32(handle);
    if (op != opValue(HgfsOp::Open))
        w.u32(acquiredLock);
    if (op == opValue(HgfsOp::OpenV3))
        w.u32(flags).u32(0);
    return w.take();
}

HgfsDecoded<HgfsReadRequest> HgfsReadRequest::decode(const QByteArray &args)
{
    HgfsReadRequest q;
    HgfsWireReader r(args);
    r.readU32(q.handle);
    r.readU64(q.offset);
    r.readU32(q.requiredSize);
    r.skip(8); // reserved
    if (r.failed())
        return truncated<HgfsReadRequest>(opValue(HgfsOp::ReadV3), args.size());
    return HgfsDecoded<HgfsReadRequest>::success(q);
}

QByteArray HgfsReadRequest::encode() const
{
    HgfsWireWriter w;
    w.u32(handle).u64(offset).u32(requiredSize).u64(0);
    return w.take();
}

HgfsStatus HgfsReadRequest::checkFits(HgfsHeaderForm form, quint32 replyPacketLimit) const
{
    return requiredSize <= HgfsReadReply::capacity(form, replyPacketLimit)
               ? HgfsStatus::Success
               : HgfsStatus::InvalidParameter;
}

quint32 HgfsReadReply::capacity(HgfsHeaderForm form, quint32 replyPacketLimit)
{
    const quint32 header =
        form == HgfsHeaderForm::Legacy ? HgfsHeader::kLegacySize : HgfsHeader::kSessionSize;
    const quint32 overhead = header + kFixedSize;
    return replyPacketLimit > overhead ? replyPacketLimit - overhead : 0;
}

HgfsDecoded<HgfsReadReply> HgfsReadReply::decode(const QByteArray &body)
{
    HgfsReadReply q;
    HgfsWireReader r(body);
    quint32 actual = 0;
    r.readU32(actual);
    r.skip(8); // reserved
    if (!r.readBytes(actual, q.data))
        return truncated<HgfsReadReply>(opValue(HgfsOp::ReadV3), body.size());
    return HgfsDecoded<HgfsReadReply>::success(q);
}

QByteArray HgfsReadReply::encode() const
{
    HgfsWireWriter w;
    w.u32(quint32(data.size())).u64(0).bytes(data);
    return w.take();
}

HgfsDecoded<HgfsWriteRequest> HgfsWriteRequest::decode(const QByteArray &args)
{
    HgfsWriteRequest q;
    HgfsWireReader r(args);
    quint32 required = 0;
    r.readU32(q.handle);
    r.readU8(q.flags);
    r.readU64(q.offset);
    r.readU32(required);
    r.skip(8); // reserved
    // hgfsServerParameters.c HgfsUnpackWritePayloadV3: the data must be present.
    if (!r.readBytes(required, q.data))
        return truncated<HgfsWriteRequest>(opValue(HgfsOp::WriteV3), args.size());
    return HgfsDecoded<HgfsWriteRequest>::success(q);
}

QByteArray HgfsWriteRequest::encode() const
{
    HgfsWireWriter w;
    w.u32(handle).u8(flags).u64(offset).u32(quint32(data.size())).u64(0).bytes(data);
    return w.take();
}

HgfsDecoded<HgfsWriteReply> HgfsWriteReply::decode(const QByteArray &body)
{
    HgfsWriteReply q;
    HgfsWireReader r(body);
    r.readU32(q.actualSize);
    r.skip(8); // reserved
    if (r.failed())
        return truncated<HgfsWriteReply>(opValue(HgfsOp::WriteV3), body.size());
    return HgfsDecoded<HgfsWriteReply>::success(q);
}

QByteArray HgfsWriteReply::encode() const
{
    HgfsWireWriter w;
    w.u32(actualSize).u64(0);
    return w.take();
}

HgfsDecoded<HgfsCloseRequest> HgfsCloseRequest::decode(quint32 op, const QByteArray &args)
{
    HgfsCloseRequest q;
    q.op = op;
    HgfsWireReader r(args);
    r.readU32(q.handle);
    if (op == opValue(HgfsOp::CloseV3))
        r.skip(8); // reserved
    if (r.failed())
        return truncated<HgfsCloseRequest>(op, args.size());
    return HgfsDecoded<HgfsCloseRequest>::success(q);
}

QByteArray HgfsCloseRequest::encode() const
{
    HgfsWireWriter w;
    w.u32(handle);
    if (op == opValue(HgfsOp::CloseV3))
        w.u64(0);
    return w.take();
}

QByteArray HgfsCloseReply::encode(quint32 op)
{
    return op == opValue(HgfsOp::CloseV3) ? QByteArray(8, '\0') : QByteArray();
}

} // namespace gk::hgfs
