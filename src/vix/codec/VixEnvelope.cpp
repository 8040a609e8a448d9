#include "VixEnvelope.h"

namespace gk::vix {

Decoded<VixEnvelope> VixEnvelope::decode(const QByteArray &args)
{
    Decoded<VixEnvelope> e = decodeInPlace(args);
    if (e.ok())
        e.value().message = QByteArray(e.value().message.constData(), e.value().message.size());
    return e;
}

Decoded<VixEnvelope> VixEnvelope::decodeInPlace(const QByteArray &args)
{
    // vmtoolsd reads the name as a C string: it ends at the first NUL at the
    // latest, and the message starts right after that NUL.
    const qsizetype nul = args.indexOf('\0');
    if (nul < 0)
        return headerError(QStringLiteral("no NUL after the request name: no VIX message"));

    qsizetype pos = 0;
    while (pos < nul && args.at(pos) != '"')
        ++pos;
    if (pos < nul)
        ++pos; // the opening quote
    const qsizetype start = pos;
    while (pos < nul) {
        const char c = args.at(pos);
        if (c == '\\' && pos + 1 < nul)
            pos += 2; // an escaped character, kept as is
        else if (c == '"')
            break;
        else
            ++pos;
    }
    if (pos - start > kVixMaxRequestNameLength)
        return headerError(QStringLiteral("request name of %1 bytes is too long").arg(pos - start));

    VixEnvelope e;
    e.requestName = args.mid(start, pos - start);
    e.message = QByteArray::fromRawData(args.constData() + nul + 1, args.size() - nul - 1);
    return e;
}

QByteArray VixEnvelope::encode() const
{
    return encodeAfter(QByteArray());
}

QByteArray VixEnvelope::encodeCommand() const
{
    return encodeAfter(QByteArray(kVixRelayedCommand) + ' ');
}

QByteArray VixEnvelope::encodeAfter(const QByteArray &prefix) const
{
    // One allocation: the message may carry a 62 KiB HGFS packet.
    QByteArray out;
    out.reserve(prefix.size() + requestName.size() + 3 + message.size());
    out.append(prefix).append('"').append(requestName).append('"').append('\0').append(message);
    return out;
}

} // namespace gk::vix
