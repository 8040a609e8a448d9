#include "HgfsAttrOps.h"

#include "HgfsStatusMap.h"
#include "HgfsWireReader.h"
#include "HgfsWireWriter.h"

namespace gk::hgfs {

namespace {

template <typename T> HgfsDecoded<T> truncated(quint32 op, qsizetype size)
{
    return protocolError<T>(
        QStringLiteral("%1 payload of %2 bytes is truncated").arg(hgfsOpName(op)).arg(size));
}

// CPNameLite (lib/hgfs/cpNameLite.c): the same path with '/' <-> NUL.
QByteArray toCpNameLite(const QString &path)
{
    QByteArray b = path.toUtf8();
    b.replace('/', '\0');
    return b;
}

QString fromCpNameLite(QByteArray b)
{
    b.replace('\0', '/');
    return QString::fromUtf8(b);
}

// The name part of a V2 request when a handle is meant: the length field must
// be there (the C struct includes it), the name itself is not looked at.
bool skipUnusedFileName(HgfsWireReader &r)
{
    quint32 length = 0;
    return r.readU32(length);
}

// The file a getattr or setattr request names, read from where its header
// part ends: V2 has a handle and a name (the hint says which is meant), V3 a
// HgfsFileNameV3 after 8 reserved bytes. `v2`/`v3` are the request's op codes.
template <typename Request>
HgfsDecoded<Request> readAttrTarget(Request q, HgfsWireReader &r, quint32 v2, quint32 v3,
                                    const char *what, qsizetype argsSize)
{
    using Result = HgfsDecoded<Request>;
    if (q.op == v2) {
        quint32 handle = 0;
        r.readU32(handle);
        if (r.failed())
            return truncated<Request>(q.op, argsSize);
        if (q.hints & kAttrHintUseFileDesc) {
            if (!skipUnusedFileName(r))
                return truncated<Request>(q.op, argsSize);
            q.file.useHandle = true;
            q.file.handle = handle;
            return Result::success(q);
        }
        auto name = HgfsNames::readFileName(r);
        if (!name.ok())
            return Result::failedFrom(name);
        q.file.components = name.value;
        return Result::success(q);
    }
    if (q.op != v3)
        return protocolError<Request>(
            QStringLiteral("%1 is not a %2").arg(q.op).arg(QLatin1String(what)));
    r.skip(8); // reserved
    if (r.failed())
        return truncated<Request>(q.op, argsSize);
    auto ref = HgfsNames::readFileNameV3(r);
    if (!ref.ok())
        return Result::failedFrom(ref);
    q.file = ref.value;
    if (q.file.useHandle)
        q.hints |= kAttrHintUseFileDesc;
    return Result::success(q);
}

} // namespace

bool HgfsAttr::read(HgfsWireReader &r)
{
    r.readU64(mask);
    r.readU32(type);
    r.readU64(size);
    r.readU64(creationTime);
    r.readU64(accessTime);
    r.readU64(writeTime);
    r.readU64(changeTime);
    r.readU8(specialPerms);
    r.readU8(ownerPerms);
    r.readU8(groupPerms);
    r.readU8(otherPerms);
    r.readU64(flags);
    r.readU64(allocationSize);
    r.readU32(userId);
    r.readU32(groupId);
    r.readU64(hostFileId);
    r.readU32(volumeId);
    r.readU32(effectivePerms);
    r.skip(8); // reserved2
    return !r.failed();
}

void HgfsAttr::write(HgfsWireWriter &w) const
{
    w.u64(mask).u32(type).u64(size);
    w.u64(creationTime).u64(accessTime).u64(writeTime).u64(changeTime);
    w.u8(specialPerms).u8(ownerPerms).u8(groupPerms).u8(otherPerms);
    w.u64(flags).u64(allocationSize).u32(userId).u32(groupId);
    w.u64(hostFileId).u32(volumeId).u32(effectivePerms).u64(0);
}

HgfsDecoded<HgfsGetattrRequest> HgfsGetattrRequest::decode(quint32 op, const QByteArray &args)
{
    HgfsGetattrRequest q;
    q.op = op;
    HgfsWireReader r(args);
    r.readU64(q.hints);
    return readAttrTarget(q, r, opValue(HgfsOp::GetattrV2), opValue(HgfsOp::GetattrV3), "getattr",
                          args.size());
}

QByteArray HgfsGetattrRequest::encode() const
{
    HgfsWireWriter w;
    if (op == opValue(HgfsOp::GetattrV2)) {
        const quint64 h = file.useHandle ? (hints | kAttrHintUseFileDesc) : hints;
        w.u64(h).u32(file.useHandle ? file.handle : kInvalidHandle);
        HgfsNames::writeFileName(w, file.useHandle ? QStringList() : file.components);
        return w.take();
    }
    w.u64(hints).u64(0);
    HgfsNames::writeFileNameV3(w, file);
    return w.take();
}

HgfsDecoded<HgfsGetattrReply> HgfsGetattrReply::decode(quint32 op, const QByteArray &body)
{
    HgfsGetattrReply rep;
    HgfsWireReader r(body);
    rep.attr.read(r);
    quint32 length = 0;
    if (op == opValue(HgfsOp::GetattrV3)) {
        r.skip(8); // reserved
        r.readU32(length);
        r.skip(12); // flags, caseType, fid
    } else {
        r.readU32(length);
    }
    QByteArray target;
    if (!r.readBytes(length, target))
        return truncated<HgfsGetattrReply>(op, body.size());
    rep.symlinkTarget = fromCpNameLite(target);
    return HgfsDecoded<HgfsGetattrReply>::success(rep);
}

QByteArray HgfsGetattrReply::encode(quint32 op) const
{
    HgfsWireWriter w;
    attr.write(w);
    const QByteArray target = toCpNameLite(symlinkTarget);
    if (op == opValue(HgfsOp::GetattrV3)) {
        // hgfsServerParameters.c HgfsPackGetattrReplyPayloadV3: flags 0,
        // default case, fid 0.
        w.u64(0).u32(quint32(target.size())).u32(0).u32(quint32(HgfsCaseType::Default)).u32(0);
    } else {
        w.u32(quint32(target.size()));
    }
    w.bytes(target).u8(0);
    return w.take();
}

HgfsDecoded<HgfsSetattrRequest> HgfsSetattrRequest::decode(quint32 op, const QByteArray &args)
{
    HgfsSetattrRequest q;
    q.op = op;
    HgfsWireReader r(args);
    r.readU64(q.hints);
    q.attr.read(r);
    return readAttrTarget(q, r, opValue(HgfsOp::SetattrV2), opValue(HgfsOp::SetattrV3), "setattr",
                          args.size());
}

QByteArray HgfsSetattrRequest::encode() const
{
    HgfsWireWriter w;
    if (op == opValue(HgfsOp::SetattrV2)) {
        const quint64 h = file.useHandle ? (hints | kAttrHintUseFileDesc) : hints;
        w.u64(h);
        attr.write(w);
        w.u32(file.useHandle ? file.handle : kInvalidHandle);
        HgfsNames::writeFileName(w, file.useHandle ? QStringList() : file.components);
        return w.take();
    }
    w.u64(hints);
    attr.write(w);
    w.u64(0);
    HgfsNames::writeFileNameV3(w, file);
    return w.take();
}

QByteArray HgfsSetattrReply::encode(quint32 op)
{
    return op == opValue(HgfsOp::SetattrV3) ? QByteArray(8, '\0') : QByteArray();
}

} // namespace gk::hgfs
