#include "VixRequestBuilder.h"

#include "VixEnvelope.h"
#include "VixHeader.h"

namespace gk::vix {

QByteArray encodeVixRequestMessage(const VixRequestSpec &spec)
{
    VixRequestHeader h;
    h.bodyLength = quint32(spec.body.size());
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
    return h.encode() + spec.body + spec.credential + spec.authData;
}

QByteArray encodeVixRelayedCommand(const QByteArray &requestName, const QByteArray &message)
{
    return VixEnvelope{requestName, message}.encodeCommand();
}

} // namespace gk::vix
