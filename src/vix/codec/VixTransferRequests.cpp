#include "VixTransferRequests.h"

#include "VixBodyParser.h"
#include "VixConstants.h"
#include "WireWriter.h"

namespace gk::vix {

Decoded<CreateTempFileRequest> CreateTempFileRequest::decode(const QByteArray &body)
{
    if (quint64(body.size()) < kFixedSize)
        return bodyError(QStringLiteral("CreateTempFileEx: body shorter than its fixed part"));
    VixBodyParser p(body, kFixedSize, "CreateTempFileEx");
    CreateTempFileRequest r;
    r.options = p.fixed().i32();
    const quint32 prefixLen = p.fixed().u32();
    const quint32 suffixLen = p.fixed().u32();
    const quint32 dirLen = p.fixed().u32();
    const quint32 propLen = p.fixed().u32();
    const quint64 expected =
        quint64(kFixedSize) + prefixLen + 1 + suffixLen + 1 + dirLen + 1 + propLen;
    if (quint64(body.size()) != expected)
        return bodyError(QStringLiteral("CreateTempFileEx: lengths add up to %1, body has %2")
                             .arg(expected)
                             .arg(body.size()));
    r.prefix = p.string(prefixLen);
    r.suffix = p.string(suffixLen);
    r.directory = p.string(dirLen);
    r.propertyList = p.data(propLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray CreateTempFileRequest::encode() const
{
    const QByteArray pre = prefix.toUtf8();
    const QByteArray suf = suffix.toUtf8();
    const QByteArray dir = directory.toUtf8();
    WireWriter w;
    w.i32(options).u32(quint32(pre.size())).u32(quint32(suf.size())).u32(quint32(dir.size()));
    w.u32(quint32(propertyList.size())).cstring(pre).cstring(suf).cstring(dir).bytes(propertyList);
    return w.data();
}

Decoded<FileTransferFromGuestRequest> FileTransferFromGuestRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "InitiateFileTransferFromGuest");
    FileTransferFromGuestRequest r;
    r.fileOptions = p.fixed().i32();
    r.path = p.string(p.fixed().u32());
    if (p.ok() && r.path.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty path"));
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray FileTransferFromGuestRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(fileOptions).u32(quint32(s.size())).u32(0).i32(0).i32(0).u64(0).cstring(s);
    return w.data();
}

Decoded<FileTransferToGuestRequest> FileTransferToGuestRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "InitiateFileTransferToGuest");
    FileTransferToGuestRequest r;
    r.options = p.fixed().i32();
    const quint32 pathLen = p.fixed().u32();
    r.overwrite = p.fixed().boolean();
    r.path = p.string(pathLen);
    if (p.ok() && r.path.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty path"));
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray FileTransferToGuestRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(options).u32(quint32(s.size())).boolean(overwrite).cstring(s);
    return w.data();
}

Decoded<HgfsSendPacketRequest> HgfsSendPacketRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "HgfsSendPacket");
    HgfsSendPacketRequest r;
    const quint32 size = p.fixed().u32();
    r.timeout = p.fixed().i32();
    if (p.ok() && size == 0)
        p.refuse(VixErr::Fail, QStringLiteral("empty HGFS packet"));
    r.packet = p.data(size);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray HgfsSendPacketRequest::encode() const
{
    WireWriter w;
    w.reserve(kFixedSize + packet.size());
    w.bytes(encodeFixed()).bytes(packet);
    return w.data();
}

QByteArray HgfsSendPacketRequest::encodeFixed() const
{
    WireWriter w;
    w.u32(quint32(packet.size())).i32(timeout);
    return w.data();
}

Decoded<ListFileSystemsRequest> ListFileSystemsRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "ListFileSystems");
    ListFileSystemsRequest r;
    r.options = p.fixed().u32();
    r.propertyList = p.data(p.fixed().u32());
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray ListFileSystemsRequest::encode() const
{
    WireWriter w;
    w.u32(options).u32(quint32(propertyList.size())).bytes(propertyList);
    return w.data();
}

} // namespace gk::vix
