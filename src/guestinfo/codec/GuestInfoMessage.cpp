#include "GuestInfoMessage.h"

namespace gk::guestinfo {

bool isTextKind(GuestInfoKind kind)
{
    // The fall-through list of GuestInfoUpdateVMX in guestInfoServer.c.
    switch (kind) {
    case GuestInfoKind::DnsName:
    case GuestInfoKind::BuildNumber:
    case GuestInfoKind::OsNameFull:
    case GuestInfoKind::OsName:
    case GuestInfoKind::Uptime:
        return true;
    default:
        return false;
    }
}

namespace GuestInfoMessage {

namespace {
const QByteArray kCommand = QByteArrayLiteral("SetGuestInfo  ");
constexpr quint32 kFirstKind = quint32(GuestInfoKind::DnsName);
constexpr quint32 kLastKind = quint32(GuestInfoKind::OsDetailed);
} // namespace

QByteArray prefix(GuestInfoKind kind)
{
    return kCommand + QByteArray::number(quint32(kind)) + ' ';
}

QByteArray binary(GuestInfoKind kind, const QByteArray &payload)
{
    return prefix(kind) + payload;
}

CodecResult<QByteArray> text(GuestInfoKind kind, const QByteArray &utf8Value)
{
    if (utf8Value.contains('\0'))
        return CodecResult<QByteArray>::failure(QStringLiteral("guest info value contains NUL"));
    QByteArray message = prefix(kind) + utf8Value;
    message.append('\0');
    if (message.size() > kMaxMessageSize)
        return CodecResult<QByteArray>::failure(
            QStringLiteral("guest info message of %1 bytes is over the limit").arg(message.size()));
    return CodecResult<QByteArray>::success(message);
}

CodecResult<QByteArray> dnsName(const QByteArray &utf8Name)
{
    return text(GuestInfoKind::DnsName, utf8Name);
}

CodecResult<QByteArray> osNameFull(const QByteArray &utf8Name)
{
    return text(GuestInfoKind::OsNameFull, utf8Name);
}

CodecResult<QByteArray> osName(const QByteArray &guestOsShortName)
{
    return text(GuestInfoKind::OsName, guestOsShortName);
}

CodecResult<QByteArray> buildNumber(const QByteArray &buildString)
{
    return text(GuestInfoKind::BuildNumber, buildString);
}

QByteArray uptime(quint64 centiseconds)
{
    return text(GuestInfoKind::Uptime, QByteArray::number(centiseconds)).value();
}

CodecResult<Envelope> parse(const QByteArray &message)
{
    using Result = CodecResult<Envelope>;
    if (message.size() > kMaxMessageSize)
        return Result::failure(
            QStringLiteral("message of %1 bytes is over the 64 KiB limit").arg(message.size()));
    if (!message.startsWith(kCommand))
        return Result::failure(QStringLiteral("not a SetGuestInfo message"));
    const char *m = message.constData();
    qsizetype pos = kCommand.size();
    quint32 kind = 0;
    const qsizetype digitsStart = pos;
    // Two digits at most: the kinds run 1..11.
    while (pos < message.size() && pos - digitsStart < 3 && m[pos] >= '0' && m[pos] <= '9')
        kind = kind * 10 + quint32(m[pos++] - '0');
    if (pos == digitsStart || pos >= message.size() || m[pos] != ' ')
        return Result::failure(QStringLiteral("SetGuestInfo: malformed kind"));
    if (kind < kFirstKind || kind > kLastKind)
        return Result::failure(QStringLiteral("SetGuestInfo: unknown kind %1").arg(kind));
    Envelope env;
    env.kind = GuestInfoKind(kind);
    env.payload = message.mid(pos + 1);
    if (isTextKind(env.kind)) {
        // The C string ends at its NUL; vmtoolsd sends exactly one.
        const qsizetype nul = env.payload.indexOf('\0');
        if (nul >= 0)
            env.payload.truncate(nul);
    }
    return Result::success(std::move(env));
}

} // namespace GuestInfoMessage

} // namespace gk::guestinfo
