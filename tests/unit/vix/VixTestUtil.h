#pragma once

#include "vix/codec/VixCredential.h"
#include "vix/codec/VixRequestBuilder.h"

#include <QByteArray>

namespace vixtest {

// Bytes from hex text; spaces and newlines are ignored so vectors can be laid
// out field by field.
inline QByteArray hex(const char *text)
{
    QByteArray h(text);
    h.replace(' ', "").replace('\n', "");
    return QByteArray::fromHex(h);
}

// A request with a name/password credential, wrapped in its envelope (the
// dispatcher's args: no command name).
inline QByteArray requestArgs(quint32 opCode, const QByteArray &body, quint8 flags = 0x01)
{
    gk::vix::VixRequestSpec spec;
    spec.opCode = opCode;
    spec.body = body;
    spec.commonFlags = flags;
    spec.credentialType = gk::vix::VixCredentialType::NamePasswordObfuscated;
    spec.credential = gk::vix::VixCredential::encodeNamePassword(
        QStringLiteral("gktest"), gk::vix::SecretBytes(std::string_view("pw")));
    return QByteArray("\"7\"", 3) + '\0' + gk::vix::encodeVixRequestMessage(spec);
}

} // namespace vixtest
