#include "GuestInfoView.h"

#include "guestinfo/codec/OsInfoCodec.h"

#include <QHostAddress>
#include <QJsonArray>

namespace gk::vmx {
namespace {

using namespace gk::guestinfo;

QString addressText(const TypedIpAddress &a)
{
    if (a.ipAddressAddr.size() == 4) {
        const auto *b = reinterpret_cast<const uchar *>(a.ipAddressAddr.constData());
        return QHostAddress(quint32(b[0]) << 24 | quint32(b[1]) << 16 | quint32(b[2]) << 8 | b[3])
            .toString();
    }
    if (a.ipAddressAddr.size() == 16)
        return QHostAddress(reinterpret_cast<const quint8 *>(a.ipAddressAddr.constData()))
            .toString();
    return QStringLiteral("?(%1 bytes)").arg(a.ipAddressAddr.size());
}

template <typename T> const T *record(const GuestState &s, const QString &key)
{
    const auto it = s.decodedInfo.constFind(key);
    return it == s.decodedInfo.constEnd() ? nullptr : std::get_if<T>(&it.value());
}

QString text(const GuestState &s, GuestInfoKind kind)
{
    const TextInfo *t = record<TextInfo>(s, QString::number(int(kind)));
    return t ? QString::fromUtf8(t->value) : QString();
}

QString uptimeText(quint64 seconds)
{
    return QStringLiteral("%1d %2:%3:%4 (%5 s)")
        .arg(seconds / 86400)
        .arg(seconds / 3600 % 24, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds);
}

QString bytesText(quint64 bytes)
{
    return QStringLiteral("%1 GiB").arg(double(bytes) / (1024.0 * 1024 * 1024), 0, 'f', 1);
}

QJsonObject dnsJson(const DnsConfigInfo &dns)
{
    QJsonArray servers;
    for (const TypedIpAddress &a : dns.serverList)
        servers.append(addressText(a));
    QJsonArray search;
    for (const QByteArray &suffix : dns.searchSuffixes)
        search.append(QString::fromUtf8(suffix));
    return QJsonObject{
        {QStringLiteral("hostName"), QString::fromUtf8(dns.hostName.value_or(QByteArray()))},
        {QStringLiteral("domainName"), QString::fromUtf8(dns.domainName.value_or(QByteArray()))},
        {QStringLiteral("servers"), servers},
        {QStringLiteral("searchSuffixes"), search}};
}

} // namespace

QJsonObject guestInfoJson(const GuestState &s)
{
    QJsonObject o;
    QString shortName = text(s, GuestInfoKind::OsName);
    QString fullName = text(s, GuestInfoKind::OsNameFull);
    if (const OsDetailedInfo *os = record<OsDetailedInfo>(s, QStringLiteral("osDetailed"))) {
        shortName = QString::fromUtf8(os->shortName);
        fullName = QString::fromUtf8(os->fullName);
        QJsonObject details;
        const auto pairs = OsInfoCodec::parseDetailedData(os->detailedData);
        if (pairs.ok()) {
            for (const auto &[key, value] : pairs.value())
                details.insert(QString::fromUtf8(key), QString::fromUtf8(value));
        }
        o.insert(QStringLiteral("osDetailed"), details);
    }
    o.insert(QStringLiteral("hostName"), text(s, GuestInfoKind::DnsName));
    o.insert(QStringLiteral("osShortName"), shortName);
    o.insert(QStringLiteral("osFullName"), fullName);
    o.insert(QStringLiteral("build"), text(s, GuestInfoKind::BuildNumber));
    const QString uptime = text(s, GuestInfoKind::Uptime);
    if (!uptime.isEmpty())
        o.insert(QStringLiteral("uptimeSeconds"), double(uptime.toULongLong() / 100));
    o.insert(QStringLiteral("toolsVersion"), QString::fromUtf8(s.toolsVersion));
    if (const NicInfoRecord *nic = record<NicInfoRecord>(s, QStringLiteral("nics"))) {
        QJsonArray nics;
        for (const GuestNicV3 &n : nic->info.nics) {
            QJsonArray ips;
            for (const IpAddressEntry &ip : n.ips)
                ips.append(
                    QJsonObject{{QStringLiteral("address"), addressText(ip.ipAddressAddr)},
                                {QStringLiteral("prefixLength"), int(ip.ipAddressPrefixLength)}});
            nics.append(QJsonObject{{QStringLiteral("mac"), QString::fromUtf8(n.macAddress)},
                                    {QStringLiteral("ips"), ips}});
        }
        QJsonArray routes;
        for (const InetCidrRouteEntry &r : nic->info.routes) {
            QJsonObject route{{QStringLiteral("destination"), addressText(r.inetCidrRouteDest)},
                              {QStringLiteral("prefixLength"), int(r.inetCidrRoutePfxLen)},
                              {QStringLiteral("nic"), int(r.inetCidrRouteIfIndex)},
                              {QStringLiteral("metric"), double(r.inetCidrRouteMetric)}};
            if (r.inetCidrRouteNextHop)
                route.insert(QStringLiteral("gateway"), addressText(*r.inetCidrRouteNextHop));
            routes.append(route);
        }
        o.insert(QStringLiteral("nicInfoKind"), int(nic->kind));
        o.insert(QStringLiteral("nics"), nics);
        o.insert(QStringLiteral("routes"), routes);
        if (nic->info.dnsConfigInfo)
            o.insert(QStringLiteral("dns"), dnsJson(*nic->info.dnsConfigInfo));
    }
    if (const DiskInfoRecord *disks = record<DiskInfoRecord>(s, QStringLiteral("disks"))) {
        QJsonArray list;
        for (const DiskPartition &d : disks->partitions)
            list.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(d.name)},
                                    {QStringLiteral("fsType"), QString::fromUtf8(d.fsType)},
                                    {QStringLiteral("freeBytes"), double(d.freeBytes)},
                                    {QStringLiteral("totalBytes"), double(d.totalBytes)}});
        o.insert(QStringLiteral("disks"), list);
        o.insert(QStringLiteral("diskFormat"),
                 disks->json ? QStringLiteral("json") : QStringLiteral("binary"));
    }
    o.insert(QStringLiteral("decodeErrors"), QJsonArray::fromStringList(s.guestInfoErrors));
    return o;
}

QStringList guestInfoLines(const GuestState &s)
{
    const QJsonObject o = guestInfoJson(s);
    QStringList lines;
    lines << QStringLiteral("host name:       %1")
                 .arg(o.value(QStringLiteral("hostName")).toString());
    lines << QStringLiteral("OS:              %1 (%2)")
                 .arg(o.value(QStringLiteral("osFullName")).toString(),
                      o.value(QStringLiteral("osShortName")).toString());
    if (o.contains(QStringLiteral("uptimeSeconds")))
        lines << QStringLiteral("uptime:          %1")
                     .arg(uptimeText(quint64(o.value(QStringLiteral("uptimeSeconds")).toDouble())));
    lines << QStringLiteral("build:           %1").arg(o.value(QStringLiteral("build")).toString());
    const QJsonArray nics = o.value(QStringLiteral("nics")).toArray();
    lines << QStringLiteral("NICs (SetGuestInfo kind %1):")
                 .arg(o.value(QStringLiteral("nicInfoKind")).toInt());
    for (qsizetype i = 0; i < nics.size(); ++i) {
        const QJsonObject n = nics.at(i).toObject();
        QStringList ips;
        for (const QJsonValue &ip : n.value(QStringLiteral("ips")).toArray())
            ips << QStringLiteral("%1/%2")
                       .arg(ip.toObject().value(QStringLiteral("address")).toString())
                       .arg(ip.toObject().value(QStringLiteral("prefixLength")).toInt());
        lines << QStringLiteral("  [%1] %2  %3")
                     .arg(i)
                     .arg(n.value(QStringLiteral("mac")).toString(), ips.join(QLatin1Char(' ')));
    }
    lines << QStringLiteral("routes:");
    for (const QJsonValue &v : o.value(QStringLiteral("routes")).toArray()) {
        const QJsonObject r = v.toObject();
        lines << QStringLiteral("  %1/%2%3 nic %4 metric %5")
                     .arg(r.value(QStringLiteral("destination")).toString())
                     .arg(r.value(QStringLiteral("prefixLength")).toInt())
                     .arg(r.contains(QStringLiteral("gateway"))
                              ? QStringLiteral(" via ") +
                                    r.value(QStringLiteral("gateway")).toString()
                              : QString())
                     .arg(r.value(QStringLiteral("nic")).toInt())
                     .arg(qint64(r.value(QStringLiteral("metric")).toDouble()));
    }
    if (o.contains(QStringLiteral("dns"))) {
        const QJsonObject d = o.value(QStringLiteral("dns")).toObject();
        QStringList servers;
        for (const QJsonValue &v : d.value(QStringLiteral("servers")).toArray())
            servers << v.toString();
        QStringList search;
        for (const QJsonValue &v : d.value(QStringLiteral("searchSuffixes")).toArray())
            search << v.toString();
        lines << QStringLiteral("DNS:             host %1, domain %2, servers %3, search %4")
                     .arg(d.value(QStringLiteral("hostName")).toString(),
                          d.value(QStringLiteral("domainName")).toString(),
                          servers.join(QLatin1Char(',')), search.join(QLatin1Char(',')));
    }
    lines << QStringLiteral("disks (%1):").arg(o.value(QStringLiteral("diskFormat")).toString());
    for (const QJsonValue &v : o.value(QStringLiteral("disks")).toArray()) {
        const QJsonObject d = v.toObject();
        lines << QStringLiteral("  %1  %2  %3 free of %4")
                     .arg(d.value(QStringLiteral("name")).toString(),
                          d.value(QStringLiteral("fsType")).toString(),
                          bytesText(quint64(d.value(QStringLiteral("freeBytes")).toDouble())),
                          bytesText(quint64(d.value(QStringLiteral("totalBytes")).toDouble())));
    }
    for (const QJsonValue &v : o.value(QStringLiteral("decodeErrors")).toArray())
        lines << QStringLiteral("undecodable message: %1").arg(v.toString());
    return lines;
}

} // namespace gk::vmx
