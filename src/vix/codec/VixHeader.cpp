#include "VixHeader.h"

#include "WireReader.h"
#include "WireWriter.h"

namespace gk::vix {

Decoded<VixRequestHeader> VixRequestHeader::decode(const QByteArray &message)
{
    if (quint64(message.size()) < kVixMsgHeaderSize)
        return headerError(
            QStringLiteral("message of %1 bytes is shorter than VixMsgHeader").arg(message.size()));
    WireReader r(message);
    VixRequestHeader h;
    h.magic = r.u32();
    h.messageVersion = r.u16();
    h.totalMessageLength = r.u32();
    h.headerLength = r.u32();
    h.bodyLength = r.u32();
    h.credentialLength = r.u32();
    h.commonFlags = r.u8();

    if (h.magic != kVixCommandMagicWord)
        return headerError(QStringLiteral("bad magic 0x%1").arg(h.magic, 8, 16, QLatin1Char('0')));
    if (h.messageVersion != kVixCommandMessageVersion)
        return headerError(QStringLiteral("unsupported message version %1").arg(h.messageVersion));
    // 64-bit sums: three u32 lengths near 2^32 must not wrap.
    const quint64 sum = quint64(h.headerLength) + h.bodyLength + h.credentialLength;
    if (h.totalMessageLength < sum)
        return headerError(QStringLiteral("total length %1 is less than its parts (%2)")
                               .arg(h.totalMessageLength)
                               .arg(sum));
    if (h.totalMessageLength > kVixMaxMessageSize)
        return headerError(QStringLiteral("total length %1 exceeds VIX_COMMAND_MAX_SIZE")
                               .arg(h.totalMessageLength));
    if (h.headerLength != kVixRequestHeaderSize)
        return headerError(QStringLiteral("request header length %1 is not %2")
                               .arg(h.headerLength)
                               .arg(kVixRequestHeaderSize));
    if (h.totalMessageLength > kVixMaxRequestSize)
        return headerError(QStringLiteral("total length %1 exceeds VIX_COMMAND_MAX_REQUEST_SIZE")
                               .arg(h.totalMessageLength));
    if (!(h.commonFlags & VixCommonFlag::Request))
        return headerError(QStringLiteral("the request flag is not set"));
    if (quint64(message.size()) < kVixRequestHeaderSize)
        return headerError(QStringLiteral("message of %1 bytes is shorter than the request header")
                               .arg(message.size()));

    h.opCode = r.u32();
    h.requestFlags = r.u32();
    h.timeOut = r.u32();
    h.cookie = r.u64();
    h.clientHandleId = r.u32();
    h.userCredentialType = r.u32();
    if (!r.ok())
        return headerError(QStringLiteral("truncated request header"));

    if (quint64(h.totalMessageLength) != sum + h.authDataLength())
        return headerError(QStringLiteral("header information mismatch: total %1, parts %2")
                               .arg(h.totalMessageLength)
                               .arg(sum + h.authDataLength()));
    if (quint64(message.size()) < h.totalMessageLength)
        return headerError(QStringLiteral("message claims %1 bytes but %2 are present")
                               .arg(h.totalMessageLength)
                               .arg(message.size()));
    return h;
}

QByteArray VixRequestHeader::encode() const
{
    WireWriter w;
    w.u32(magic).u16(messageVersion).u32(totalMessageLength).u32(headerLength).u32(bodyLength);
    w.u32(credentialLength).u8(commonFlags);
    w.u32(opCode).u32(requestFlags).u32(timeOut).u64(cookie).u32(clientHandleId);
    w.u32(userCredentialType);
    return w.data();
}

} // namespace gk::vix
