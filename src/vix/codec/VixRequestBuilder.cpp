#include "VixRequestBuilder.h"

#include "VixEnvelope.h"
#include "VixHeader.h"

namespace gk::vix {
namespace {

VixRequestHeader headerFor(const VixRequestSpec &spec)
{
    VixRequestHeader h;
    h.bodyLength = quint32(spec.body.size() + spec.bodyTail.size());
    h.credentialLength = quint32(spec.credential.size());
    h.totalMessageLength =
        kVixRequestHeaderSize + h.bodyLength + h.credentialLength + quint32(spec.authData.size());
    h.commonFlags = spec.commonFlags;
    h.opCode = spec.opCode;
    h.requestFlags = spec.requestFlags;
    h.timeOut = spec.timeOut;
    h.cookie = spec.cookie;
    h.clientHandleId = spec.clientHandleId;
    h.userCredentialType = spec.credentialType;
    return h;
}

// Appends the message of `spec` to `out`, whose room was reserved: one copy
// of the body, however large.
void appendMessage(QByteArray &out, const VixRequestSpec &spec, const VixRequestHeader &h)
{
    out.append(h.encode()).append(spec.body).append(spec.bodyTail);
    out.append(spec.credential).append(spec.authData);
}

} // namespace

QByteArray encodeVixRequestMessage(const VixRequestSpec &spec)
{
    const VixRequestHeader h = headerFor(spec);
    QByteArray out;
    out.reserve(qsizetype(h.totalMessageLength));
    appendMessage(out, spec, h);
    return out;
}

QByteArray encodeVixRelayedCommand(const QByteArray &requestName, const QByteArray &message)
{
    return VixEnvelope{requestName, message}.encodeCommand();
}

QByteArray encodeVixRelayedRequest(const QByteArray &requestName, const VixRequestSpec &spec)
{
    const VixRequestHeader h = headerFor(spec);
    QByteArray out = VixEnvelope{requestName, {}}.encodeCommand();
    out.reserve(out.size() + qsizetype(h.totalMessageLength));
    appendMessage(out, spec, h);
    return out;
}

} // namespace gk::vix
