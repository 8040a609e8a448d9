#include "GuestInfoCollector.h"

#include "platform/SystemInfoProvider.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace gk::guestinfo {
namespace {

// 4 or 16 bytes in network order; empty for text that is no address.
QByteArray addressBytes(const QString &text)
{
    QHostAddress address(text.section(QLatin1Char('%'), 0, 0));
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        QByteArray out(4, '\0');
        for (int i = 0; i < 4; ++i)
            out[i] = char(v4 >> (24 - 8 * i));
        return out;
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        return QByteArray(reinterpret_cast<const char *>(v6.c), 16);
    }
    return {};
}

QByteArray macBytes(const QString &mac)
{
    const QByteArray bytes = QByteArray::fromHex(mac.toLatin1().replace(':', ""));
    return bytes.size() == 6 ? bytes : QByteArray();
}

int patternIndex(const QString &name, const QStringList &patterns)
{
    for (qsizetype i = 0; i < patterns.size(); ++i) {
        const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(patterns[i]));
        if (re.match(name).hasMatch())
            return int(i);
    }
    return -1;
}

NetworkRoute toRoute(const platform::Route &r)
{
    NetworkRoute route;
    route.destination = addressBytes(r.destination);
    route.prefixLength = quint32(r.prefixLength);
    route.gateway = r.gateway.isEmpty() ? QByteArray() : addressBytes(r.gateway);
    route.interfaceName = r.interfaceName;
    route.metric = r.metric;
    return route;
}

OsDetailedInfo toOsInfo(const platform::OsIdentity &id)
{
    OsDetailedFields f;
    f.architecture = id.architecture.toUtf8();
    f.bitness = QByteArray::number(id.bitness);
    f.buildNumber = id.buildNumber.toUtf8();
    f.cpeString = id.cpeString.toUtf8();
    f.distroAddlVersion = id.distroAddlVersion.toUtf8();
    f.distroName = id.distroName.toUtf8();
    f.distroVersion = id.distroVersion.toUtf8();
    f.familyName = id.familyName.toUtf8();
    f.kernelVersion = id.kernelVersion.toUtf8();
    f.prettyName = id.prettyName.toUtf8();
    OsDetailedInfo info;
    info.shortName = id.shortName.toUtf8();
    info.fullName = id.fullName.toUtf8();
    info.detailedData = OsInfoCodec::formatDetailedData(f);
    return info;
}

} // namespace

bool GuestInfoCollector::matchesAny(const QString &name, const QStringList &patterns)
{
    return patternIndex(name, patterns) >= 0;
}

NetworkSnapshot GuestInfoCollector::networkSnapshot(
    const QList<platform::NetworkInterface> &interfaces, const QList<platform::Route> &routes,
    const std::optional<platform::DnsConfig> &dns, const GuestInfoSettings &settings)
{
    // Three passes as nicInfoPosix.c: primary (in pattern order), normal, low priority.
    QList<QPair<int, NetworkInterface>> primary;
    QList<NetworkInterface> normal;
    QList<NetworkInterface> low;
    for (const platform::NetworkInterface &nic : interfaces) {
        const QByteArray mac = macBytes(nic.macAddress);
        if (!nic.up || mac.isEmpty() || matchesAny(nic.name, settings.excludeNics))
            continue;
        NetworkInterface out;
        out.name = nic.name;
        out.mac = mac;
        for (const platform::IpAddress &a : nic.addresses) {
            const QByteArray bytes = addressBytes(a.address);
            if (!bytes.isEmpty())
                out.addresses.append(NetworkAddress{bytes, quint32(a.prefixLength), {}, {}});
        }
        const int p = patternIndex(nic.name, settings.primaryNics);
        if (p >= 0)
            primary.append({p, out});
        else if (matchesAny(nic.name, settings.lowPriorityNics))
            low.append(out);
        else
            normal.append(out);
    }
    std::stable_sort(primary.begin(), primary.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    NetworkSnapshot snapshot;
    for (const auto &p : std::as_const(primary))
        snapshot.interfaces.append(p.second);
    snapshot.interfaces += normal;
    snapshot.interfaces += low;
    for (const platform::Route &r : routes) {
        NetworkRoute route = toRoute(r);
        if (route.destination.isEmpty())
            continue;
        // guestInfoServer.c: max-ipv4-routes / max-ipv6-routes bound what
        // is gathered of each family, the first ones kept.
        QList<NetworkRoute> &list = r.ipv6 ? snapshot.ipv6Routes : snapshot.ipv4Routes;
        if (list.size() < (r.ipv6 ? settings.maxIPv6Routes : settings.maxIPv4Routes))
            list.append(route);
    }
    if (dns) {
        DnsSettings d;
        if (!dns->hostName.isEmpty())
            d.hostName = dns->hostName.toUtf8();
        if (!dns->domainName.isEmpty())
            d.domainName = dns->domainName.toUtf8();
        for (const QString &server : dns->servers) {
            const QByteArray bytes = addressBytes(server);
            if (!bytes.isEmpty())
                d.servers.append(bytes);
        }
        for (const QString &suffix : dns->searchDomains)
            d.searchSuffixes.append(suffix.toUtf8());
        snapshot.dns = d;
    }
    return snapshot;
}

GuestInfoSnapshot GuestInfoCollector::collect(platform::SystemInfoProvider &provider,
                                              const GuestInfoSettings &settings)
{
    GuestInfoSnapshot s;
    auto note = [&s](const QString &what, const platform::PlatformError &e) {
        s.errors.append(QStringLiteral("%1: %2").arg(what, e.message));
    };
    if (const auto host = provider.hostName(); host.ok())
        s.hostName = host.value.toUtf8();
    else
        note(QStringLiteral("host name"), host.error);
    if (const auto os = provider.osIdentity(); os.ok())
        s.os = toOsInfo(os.value);
    else
        note(QStringLiteral("OS identity"), os.error);
    if (const auto up = provider.uptimeSeconds(); up.ok())
        s.uptimeCentiseconds = quint64(qMax<qint64>(0, up.value)) * 100;
    else
        note(QStringLiteral("uptime"), up.error);
    if (settings.reportDisks) {
        if (const auto fs = provider.fileSystems(); fs.ok()) {
            QList<DiskPartition> disks;
            for (const platform::FileSystemInfo &f : fs.value)
                disks.append(DiskPartition{
                    f.mountPoint.toUtf8(), f.freeBytes, f.capacityBytes, f.type.toUtf8(), {}, {}});
            s.disks = disks;
        } else {
            note(QStringLiteral("file systems"), fs.error);
        }
    }
    const auto nics = provider.networkInterfaces();
    if (!nics.ok()) {
        note(QStringLiteral("network interfaces"), nics.error);
        return s;
    }
    // Routes and DNS are optional parts of the NIC report: without them the
    // interfaces still go out.
    const auto routes = provider.routes();
    if (!routes.ok())
        note(QStringLiteral("routes"), routes.error);
    const auto dns = provider.dnsConfig();
    if (!dns.ok())
        note(QStringLiteral("DNS"), dns.error);
    s.network = networkSnapshot(nics.value, routes.value,
                                dns.ok() ? std::optional(dns.value) : std::nullopt, settings);
    return s;
}

} // namespace gk::guestinfo
