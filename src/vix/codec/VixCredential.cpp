#include "VixCredential.h"

#include "VixBodyParser.h"
#include "VixObfuscation.h"
#include "WireReader.h"
#include "WireWriter.h"

#include <cstring>

namespace gk::vix {
namespace {

// The NUL-terminated string at the reader's position, up to the end of block.
bool cstringIn(WireReader &r, const char **text, qsizetype *len)
{
    if (r.remaining() <= 0)
        return false;
    const char *p = r.peek();
    const void *nul = std::memchr(p, '\0', size_t(r.remaining()));
    if (!nul)
        return false;
    *text = p;
    *len = static_cast<const char *>(nul) - p;
    return true;
}

Decoded<VixCredential> decodePair(VixCredential c, WireReader &r, bool secondIsName)
{
    const char *text = nullptr;
    qsizetype len = 0;
    if (!cstringIn(r, &text, &len))
        return bodyError(QStringLiteral("credential: obfuscated string is not NUL-terminated"));
    auto pair = vixDeobfuscatePair(text, len);
    if (!pair)
        return pair.error();
    const SecretBytes &nameBytes = secondIsName ? pair->second : pair->first;
    const auto name = VixBodyParser::utf8(QByteArray(nameBytes.constData(), nameBytes.size()));
    if (!name)
        return bodyError(QStringLiteral("credential: user name is not UTF-8"));
    c.userName = *name;
    c.secret = std::move(secondIsName ? pair->first : pair->second);
    return c;
}

} // namespace

Decoded<VixCredential> VixCredential::decode(quint32 type, const QByteArray &block)
{
    VixCredential c;
    c.type = type;
    WireReader r(block);
    switch (type) {
    case VixCredentialType::NamePassword:
    case VixCredentialType::NamePasswordObfuscated:
    case VixCredentialType::NamedInteractiveUser:
        c.kind = type == VixCredentialType::NamedInteractiveUser ? Kind::NamedInteractiveUser
                                                                 : Kind::NamePassword;
        c.declaredNameLength = r.u32();
        c.declaredPasswordLength = r.u32();
        if (!r.ok())
            return bodyError(
                QStringLiteral("credential: block too short for VixCommandNamePassword"));
        return decodePair(std::move(c), r, false);
    case VixCredentialType::SamlBearerToken:
    case VixCredentialType::SamlBearerTokenHostVerified:
        c.kind = Kind::SamlToken;
        c.declaredPasswordLength = r.u32(); // tokenLength
        c.declaredNameLength = r.u32();
        if (!r.ok())
            return bodyError(QStringLiteral("credential: block too short for VixCommandSAMLToken"));
        return decodePair(std::move(c), r, true);
    case VixCredentialType::TicketedSession: {
        c.kind = Kind::Ticket;
        const quint32 ticketLength = r.u32();
        const char *text = nullptr;
        qsizetype len = 0;
        if (!r.ok() || !cstringIn(r, &text, &len))
            return bodyError(QStringLiteral("credential: ticket is not NUL-terminated"));
        if (quint64(len) != ticketLength)
            return bodyError(QStringLiteral("credential: ticket length does not match"));
        c.secret = SecretBytes(text, len);
        return c;
    }
    case VixCredentialType::Sspi: {
        c.kind = Kind::Sspi;
        const quint32 tokenLength = r.u32();
        if (!r.ok() || !r.has(tokenLength))
            return bodyError(QStringLiteral("credential: SSPI token runs past the block"));
        c.secret = SecretBytes(r.peek(), qsizetype(tokenLength));
        return c;
    }
    default:
        c.kind = Kind::Unsupported;
        return c;
    }
}

VixError VixCredential::posixRootRefusal() const
{
    switch (kind) {
    case Kind::NamePassword:
        return VixErr::Ok;
    case Kind::NamedInteractiveUser:
        return VixErr::Fail;
    case Kind::Ticket:
    case Kind::Sspi:
    case Kind::SamlToken:
    case Kind::Unsupported:
        return VixErr::NotSupported;
    }
    return VixErr::NotSupported;
}

QByteArray VixCredential::encodeNamePassword(const QString &name, const SecretBytes &password)
{
    const QByteArray nameUtf8 = name.toUtf8();
    const SecretBytes obfuscated =
        vixObfuscatePair(SecretBytes(nameUtf8.constData(), nameUtf8.size()), password);
    WireWriter w;
    w.u32(quint32(nameUtf8.size())).u32(quint32(password.size()));
    w.cstring(QByteArray(obfuscated.constData(), obfuscated.size()));
    return w.data();
}

QByteArray VixCredential::encodeTicket(const SecretBytes &ticket)
{
    WireWriter w;
    w.u32(quint32(ticket.size())).cstring(QByteArray(ticket.constData(), ticket.size()));
    return w.data();
}

QByteArray VixCredential::encodeSspi(const SecretBytes &token)
{
    WireWriter w;
    w.u32(quint32(token.size())).bytes(QByteArray(token.constData(), token.size()));
    return w.data();
}

QByteArray VixCredential::encodeSamlToken(const SecretBytes &token, const QString &userName)
{
    const QByteArray user = userName.toUtf8();
    const SecretBytes obfuscated =
        vixObfuscatePair(token, SecretBytes(user.constData(), user.size()));
    WireWriter w;
    w.u32(quint32(token.size())).u32(quint32(user.size()));
    w.cstring(QByteArray(obfuscated.constData(), obfuscated.size()));
    return w.data();
}

} // namespace gk::vix
