#include "RouteTable.h"

#include <QHostAddress>

#include <bit>
#include <cstring>

namespace gk::platform {
namespace {

constexpr quint32 kRouteUp = 0x0001;        // RTF_UP, linux/route.h
constexpr quint32 kRouteGateway = 0x0002;   // RTF_GATEWAY
constexpr quint32 kRouteReject = 0x0200;    // RTF_REJECT
constexpr quint32 kRouteLocal = 0x80000000; // RTF_LOCAL, linux/ipv6_route.h

bool hex32(const QByteArray &text, quint32 *out)
{
    bool ok = false;
    *out = quint32(text.toULong(&ok, 16));
    return ok && text.size() == 8;
}

QString ipv4FromKernelWord(quint32 word)
{
    unsigned char bytes[4];
    std::memcpy(bytes, &word, sizeof bytes); // native order = the kernel's memory order
    return QStringLiteral("%1.%2.%3.%4").arg(bytes[0]).arg(bytes[1]).arg(bytes[2]).arg(bytes[3]);
}

bool ipv6FromHex(const QByteArray &hex, QString *out)
{
    if (hex.size() != 32)
        return false;
    const QByteArray raw = QByteArray::fromHex(hex);
    if (raw.size() != 16)
        return false;
    Q_IPV6ADDR addr;
    std::memcpy(addr.c, raw.constData(), 16);
    *out = QHostAddress(addr).toString();
    return true;
}

} // namespace

QList<Route> parseIpv4Routes(const QByteArray &procNetRoute)
{
    QList<Route> out;
    const QList<QByteArray> lines = procNetRoute.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the header
        const QList<QByteArray> f = lines.at(i).simplified().split(' ');
        if (f.size() < 8)
            continue;
        quint32 dest, gateway, flags, mask;
        bool metricOk = false;
        const quint32 metric = f.at(6).toUInt(&metricOk);
        if (!hex32(f.at(1), &dest) || !hex32(f.at(2), &gateway) || !metricOk ||
            !hex32(f.at(7), &mask))
            continue;
        bool flagsOk = false;
        flags = f.at(3).toUInt(&flagsOk, 16);
        if (!flagsOk || !(flags & kRouteUp))
            continue;
        Route r;
        r.interfaceName = QString::fromLocal8Bit(f.at(0));
        r.destination = ipv4FromKernelWord(dest);
        r.prefixLength = std::popcount(mask);
        if ((flags & kRouteGateway) && gateway != 0)
            r.gateway = ipv4FromKernelWord(gateway);
        r.metric = metric;
        out.append(r);
    }
    return out;
}

QList<Route> parseIpv6Routes(const QByteArray &procNetIpv6Route)
{
    QList<Route> out;
    for (const QByteArray &line : procNetIpv6Route.split('\n')) {
        // dest plen src plen nexthop metric refcnt use flags iface
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 10)
            continue;
        Route r;
        r.ipv6 = true;
        bool ok = false, metricOk = false, flagsOk = false;
        r.prefixLength = f.at(1).toInt(&ok, 16);
        r.metric = f.at(5).toUInt(&metricOk, 16);
        const quint32 flags = f.at(8).toUInt(&flagsOk, 16);
        QString gateway;
        if (!ok || !metricOk || !flagsOk || r.prefixLength > 128 ||
            !ipv6FromHex(f.at(0), &r.destination) || !ipv6FromHex(f.at(4), &gateway) ||
            !(flags & kRouteUp))
            continue;
        // Only the main table, as `ip -6 route` shows it: the local table's
        // host routes, reject routes and the multicast route are not routes
        // anyone configured.
        if ((flags & (kRouteLocal | kRouteReject)) || f.at(0).startsWith("ff"))
            continue;
        if ((flags & kRouteGateway) && gateway != QLatin1String("::"))
            r.gateway = gateway;
        r.interfaceName = QString::fromLocal8Bit(f.at(9));
        out.append(r);
    }
    return out;
}

} // namespace gk::platform
