#include "HgfsClient.h"

#include "VixClient.h"

#include "hgfs/codec/HgfsFileOps.h"
#include "hgfs/codec/HgfsSessionOps.h"
#include "hgfs/codec/HgfsStatusMap.h"

#include <QIODevice>
#include <QRegularExpression>
#include <limits>

namespace gk::vmx {

using namespace gk::hgfs;

QString HgfsOutcome::message() const
{
    if (!problem.isEmpty())
        return problem;
    return hgfsStatusName(status);
}

HgfsTransport hgfsOverVix(VixClient &client, int timeoutMs)
{
    client.setBinaryReplies(true);
    return [&client, timeoutMs](const QByteArray &packet, QString *problem) -> QByteArray {
        const VixCallResult r = client.callHgfs(packet, timeoutMs);
        if (!r.delivered) {
            *problem = r.problem;
            return {};
        }
        if (r.reply.error != vix::VixErr::Ok) {
            *problem = QStringLiteral("VIX error %1").arg(qint64(r.reply.error));
            return {};
        }
        return r.reply.result;
    };
}

QStringList hgfsComponents(const QString &path)
{
    // As the VMX's CPNameUtil_ConvertToRoot: a Windows guest path "C:\\a\\b"
    // (either slash) is "root\0drive\0C\0a\0b", a UNC path
    // "\\\\server\\share\\a" "root\0unc\0server\0share\0a"; any other
    // path is a POSIX one, where a backslash is part of a name.
    static const QRegularExpression separators(QStringLiteral("[/\\\\]"));
    const bool drive =
        path.size() >= 2 && path.at(1) == QLatin1Char(':') && path.at(0).isLetter() &&
        path.at(0).unicode() < 128 &&
        (path.size() == 2 || path.at(2) == QLatin1Char('/') || path.at(2) == QLatin1Char('\\'));
    if (drive) {
        QStringList parts{QStringLiteral("drive"), path.left(1)};
        parts += path.mid(2).split(separators, Qt::SkipEmptyParts);
        return HgfsNames::withRootShare(parts);
    }
    if (path.startsWith(QLatin1String("\\\\"))) {
        QStringList parts{QStringLiteral("unc")};
        parts += path.mid(2).split(separators, Qt::SkipEmptyParts);
        return HgfsNames::withRootShare(parts);
    }
    return HgfsNames::withRootShare(path.split(QLatin1Char('/'), Qt::SkipEmptyParts));
}

HgfsClient::HgfsClient(HgfsTransport transport, quint32 packetSize)
    : m_transport(std::move(transport)), m_packetSize(packetSize)
{}

quint32 HgfsClient::writeChunk() const
{
    const quint32 overhead = HgfsHeader::kSessionSize + HgfsWriteRequest::kFixedSize;
    return m_packetSize > overhead ? m_packetSize - overhead : 0;
}

quint32 HgfsClient::readChunk() const
{
    return HgfsReadReply::capacity(HgfsHeaderForm::Session, m_packetSize);
}

HgfsOutcome HgfsClient::raw(const QByteArray &packet, QByteArray *reply)
{
    HgfsOutcome out;
    *reply = m_transport(packet, &out.problem);
    if (!out.problem.isEmpty())
        out.status = HgfsStatus::TransportError;
    return out;
}

HgfsOutcome HgfsClient::call(quint32 op, const QByteArray &args, QByteArray *body)
{
    HgfsHeader h;
    h.form = HgfsHeaderForm::Session;
    h.requestId = m_nextId++;
    h.op = op;
    h.flags = kPacketFlagRequest;
    h.sessionId = m_sessionId;
    QByteArray reply;
    HgfsOutcome out = raw(encodeRequestPacket(h, args), &reply);
    if (!out.ok())
        return out;
    const auto decoded = decodeReplyPacket(reply, HgfsHeaderForm::Session, op);
    if (!decoded.ok())
        return {HgfsStatus::ProtocolError, decoded.error};
    if (decoded.value.header.requestId != h.requestId)
        return {HgfsStatus::ProtocolError, QStringLiteral("reply to another request")};
    out.status = decoded.value.status;
    if (body)
        *body = decoded.value.body;
    return out;
}

template <typename Value, typename Decode>
HgfsOutcome HgfsClient::exchange(quint32 op, const QByteArray &args, Decode decode, Value *value)
{
    QByteArray body;
    HgfsOutcome out = call(op, args, &body);
    if (!out.ok())
        return out;
    auto reply = decode(body);
    if (!reply.ok())
        return {HgfsStatus::ProtocolError, reply.error};
    *value = std::move(reply.value);
    return out;
}

HgfsOutcome HgfsClient::createSession()
{
    HgfsCreateSessionRequest req;
    req.maxPacketSize = m_packetSize;
    HgfsCreateSessionReply reply;
    HgfsOutcome out = exchange(opValue(HgfsOp::CreateSessionV4), req.encode(),
                               &HgfsCreateSessionReply::decode, &reply);
    if (!out.ok())
        return out;
    m_sessionId = reply.sessionId;
    if (reply.flags & kSessionMaxPacketSizeValid)
        m_packetSize = std::min(m_packetSize, reply.maxPacketSize);
    return out;
}

HgfsOutcome HgfsClient::destroySession()
{
    HgfsOutcome out =
        call(opValue(HgfsOp::DestroySessionV4), HgfsDestroySession{}.encode(), nullptr);
    m_sessionId = kInvalidSessionId;
    return out;
}

HgfsOutcome HgfsClient::getattr(const QString &path, HgfsAttr *attr)
{
    HgfsGetattrRequest req;
    req.op = opValue(HgfsOp::GetattrV2);
    req.file.components = hgfsComponents(path);
    HgfsGetattrReply reply;
    HgfsOutcome out = exchange(
        req.op, req.encode(),
        [&req](const QByteArray &body) { return HgfsGetattrReply::decode(req.op, body); }, &reply);
    if (out.ok())
        *attr = reply.attr;
    return out;
}

HgfsOutcome HgfsClient::open(const QString &path, quint32 mode, HgfsOpenFlags flags,
                             quint32 *handle)
{
    // Reading with OPEN (V1), writing with OPEN_V3, as govmomi's client does.
    HgfsOpenRequest req;
    req.op = opValue(mode == kOpenModeReadOnly ? HgfsOp::Open : HgfsOp::OpenV3);
    req.mask = kOpenValidMode | kOpenValidFlags | kOpenValidFileName;
    req.mode = mode;
    req.flags = quint32(flags);
    if (mode != kOpenModeReadOnly) {
        req.mask |= kOpenValidOwnerPerms | kOpenValidGroupPerms | kOpenValidOtherPerms;
        req.ownerPerms = kPermRead | kPermWrite;
        req.groupPerms = kPermRead;
        req.otherPerms = kPermRead;
    }
    req.file.components = hgfsComponents(path);
    HgfsOpenReply reply;
    HgfsOutcome out = exchange(
        req.op, req.encode(),
        [&req](const QByteArray &body) { return HgfsOpenReply::decode(req.op, body); }, &reply);
    if (out.ok())
        *handle = reply.handle;
    return out;
}

HgfsOutcome HgfsClient::read(quint32 handle, quint64 offset, quint32 size, QByteArray *data)
{
    HgfsReadRequest req;
    req.handle = handle;
    req.offset = offset;
    req.requiredSize = size;
    HgfsReadReply reply;
    HgfsOutcome out =
        exchange(opValue(HgfsOp::ReadV3), req.encode(), &HgfsReadReply::decode, &reply);
    if (!out.ok())
        return out;
    if (quint32(reply.data.size()) > size)
        return {HgfsStatus::ProtocolError, QStringLiteral("read returned more than asked")};
    *data = std::move(reply.data);
    return out;
}

HgfsOutcome HgfsClient::write(quint32 handle, quint64 offset, const QByteArray &data)
{
    HgfsWriteRequest req;
    req.handle = handle;
    req.offset = offset;
    req.data = data;
    HgfsWriteReply reply;
    HgfsOutcome out =
        exchange(opValue(HgfsOp::WriteV3), req.encode(), &HgfsWriteReply::decode, &reply);
    if (!out.ok())
        return out;
    if (reply.actualSize != quint32(data.size()))
        return {HgfsStatus::GenericError, QStringLiteral("short write")};
    return out;
}

HgfsOutcome HgfsClient::close(quint32 handle)
{
    HgfsCloseRequest req;
    req.op = opValue(HgfsOp::Close);
    req.handle = handle;
    return call(req.op, req.encode(), nullptr);
}

HgfsOutcome HgfsClient::upload(QIODevice &source, qint64 size, const QString &remote,
                               bool overwrite, const Progress &progress, HgfsTransferStats *stats)
{
    HgfsTransferStats local;
    HgfsTransferStats &st = stats ? *stats : local;
    HgfsOutcome out = createSession();
    if (!out.ok())
        return out;
    st.packetSize = m_packetSize;
    quint32 handle = kInvalidHandle;
    out = open(remote, kOpenModeWriteOnly,
               overwrite ? HgfsOpenFlags::OpenCreateEmpty : HgfsOpenFlags::OpenCreateSafe, &handle);
    qint64 offset = 0;
    const qint64 chunk = writeChunk();
    // size < 0: a stream (an archive being built) sent until it ends; each
    // packet is filled, since a stream's reads may come in smaller pieces.
    const bool stream = size < 0;
    while (out.ok() && (stream || offset < size)) {
        QByteArray data = source.read(stream ? chunk : std::min(chunk, size - offset));
        while (stream && !data.isEmpty() && data.size() < chunk) {
            const QByteArray more = source.read(chunk - data.size());
            if (more.isEmpty())
                break;
            data += more;
        }
        if (data.isEmpty()) {
            if (stream)
                break;
            out = {HgfsStatus::GenericError, QStringLiteral("local file ended early")};
            break;
        }
        out = write(handle, quint64(offset), data);
        offset += data.size();
        ++st.packets;
        if (progress)
            progress(offset, stream ? -1 : size);
    }
    st.bytes = offset;
    // Without CLOSE the guest never gives the file its name: destroying the
    // session after a failure aborts it.
    if (out.ok())
        out = close(handle);
    const HgfsOutcome ended = destroySession();
    return out.ok() ? ended : out;
}

HgfsOutcome HgfsClient::download(const QString &remote, QIODevice &sink, const Progress &progress,
                                 HgfsTransferStats *stats)
{
    HgfsTransferStats local;
    HgfsTransferStats &st = stats ? *stats : local;
    HgfsOutcome out = createSession();
    if (!out.ok())
        return out;
    st.packetSize = m_packetSize;
    HgfsAttr attr;
    out = getattr(remote, &attr);
    if (out.ok() && attr.type == quint32(HgfsFileType::Directory))
        out = {HgfsStatus::FileExists, QStringLiteral("%1 is a directory").arg(remote)};
    quint32 handle = kInvalidHandle;
    if (out.ok())
        out = open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &handle);
    const bool opened = out.ok();
    // GETATTR's size is what the VMX announces as Content-Length; reading
    // stops there or at the end of the data, whichever comes first.
    // A stream (govmomi's archives, process output) announces INT64_MAX and
    // ends with an empty read.
    const bool stream = attr.size >= quint64(std::numeric_limits<qint64>::max());
    const qint64 size = stream ? std::numeric_limits<qint64>::max() : qint64(attr.size);
    qint64 offset = 0;
    while (out.ok() && offset < size) {
        QByteArray data;
        out = read(handle, quint64(offset), quint32(std::min<qint64>(readChunk(), size - offset)),
                   &data);
        if (!out.ok() || data.isEmpty())
            break;
        if (sink.write(data) != data.size()) {
            out = {HgfsStatus::GenericError, sink.errorString()};
            break;
        }
        offset += data.size();
        ++st.packets;
        if (progress)
            progress(offset, stream ? -1 : size);
    }
    st.bytes = offset;
    if (out.ok() && offset < size && !stream)
        out = {HgfsStatus::GenericError,
               QStringLiteral("file ended at %1 of %2 bytes").arg(offset).arg(size)};
    if (opened) {
        const HgfsOutcome closed = close(handle);
        if (out.ok())
            out = closed;
    }
    const HgfsOutcome ended = destroySession();
    return out.ok() ? ended : out;
}

} // namespace gk::vmx
