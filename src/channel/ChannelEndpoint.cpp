#include "ChannelEndpoint.h"

namespace gk::channel {

std::optional<ChannelEndpoint> ChannelEndpoint::parse(const QString &text, QString *error)
{
    ChannelEndpoint ep;
    auto fail = [&](const QString &why) -> std::optional<ChannelEndpoint> {
        if (error)
            *error = QStringLiteral("invalid channel '%1': %2").arg(text, why);
        return std::nullopt;
    };
    if (text == QLatin1String("auto"))
        return ep;
    if (text == QLatin1String("backdoor")) {
        ep.kind = Kind::Backdoor;
        return ep;
    }
    if (text == QLatin1String("vsock")) {
        ep.kind = Kind::Vsock;
        return ep;
    }
    if (text.startsWith(QLatin1String("sim-backdoor:unix:"))) {
        ep.kind = Kind::SimBackdoor;
        ep.path = text.mid(18);
        if (ep.path.isEmpty())
            return fail(QStringLiteral("the socket path is empty"));
        return ep;
    }
    if (text.startsWith(QLatin1String("sim:unix:"))) {
        ep.kind = Kind::SimUnix;
        ep.path = text.mid(9);
        if (ep.path.isEmpty())
            return fail(QStringLiteral("the socket path is empty"));
        return ep;
    }
    if (text.startsWith(QLatin1String("sim:tcp:"))) {
        ep.kind = Kind::SimTcp;
        const QString rest = text.mid(8);
        const int colon = rest.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0)
            return fail(QStringLiteral("expected sim:tcp:HOST:PORT"));
        ep.host = rest.left(colon);
        if (ep.host.startsWith(QLatin1Char('[')) && ep.host.endsWith(QLatin1Char(']')))
            ep.host = ep.host.mid(1, ep.host.size() - 2);
        bool ok = false;
        const uint port = rest.mid(colon + 1).toUInt(&ok);
        if (!ok || port > 65535)
            return fail(QStringLiteral("the port must be a number from 0 to 65535"));
        ep.port = quint16(port);
        return ep;
    }
    return fail(QStringLiteral("expected sim:unix:PATH, sim:tcp:HOST:PORT, sim-backdoor:unix:PATH, "
                               "backdoor, vsock or auto"));
}

QString ChannelEndpoint::toString() const
{
    switch (kind) {
    case Kind::SimUnix:
        return QStringLiteral("sim:unix:") + path;
    case Kind::SimTcp:
        return QStringLiteral("sim:tcp:%1:%2")
            .arg(host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']')
                                                 : host)
            .arg(port);
    case Kind::Backdoor:
        return QStringLiteral("backdoor");
    case Kind::SimBackdoor:
        return QStringLiteral("sim-backdoor:unix:") + path;
    case Kind::Vsock:
        return QStringLiteral("vsock");
    case Kind::Auto:
        break;
    }
    return QStringLiteral("auto");
}

} // namespace gk::channel
