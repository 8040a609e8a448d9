#include "NicInfoBuilder.h"

#include "NicInfoCodec.h"

namespace gk::guestinfo {

namespace {

bool isLoopback(const QByteArray &a)
{
    if (a.size() == 4)
        return uchar(a[0]) == 127; // IN_LOOPBACKNET
    static const QByteArray v6Loopback = QByteArray(15, '\0') + '\x01';
    return a == v6Loopback;
}

// The NIC list index a route's interface maps to: nicInfo.c
// GuestInfoGetNicInfoIfIndex looks the interface's MAC up among the reported
// NICs and takes the first match.
std::optional<quint32> routeIfIndex(const NetworkSnapshot &snapshot, const NicInfoV3 &info,
                                    const QString &interfaceName)
{
    for (const auto &iface : snapshot.interfaces) {
        if (iface.name != interfaceName || iface.mac.size() != 6)
            continue;
        const QByteArray mac = NicInfoBuilder::formatMac(iface.mac);
        for (qsizetype i = 0; i < info.nics.size(); ++i) {
            if (info.nics[i].macAddress == mac)
                return quint32(i);
        }
        return std::nullopt;
    }
    return std::nullopt;
}

// nicInfoPosix.c RecordRoutingInfoIPv4/IPv6: read the first maxRoutes, skip
// those off the reported NICs, stop at NICINFO_MAX_ROUTES in all.
void addRoutes(const NetworkSnapshot &snapshot, const QList<NetworkRoute> &routes,
               quint32 maxRoutes, NicInfoReport &report)
{
    const qsizetype considered = qMin<qsizetype>(routes.size(), maxRoutes);
    report.routesDropped += routes.size() - considered;
    for (qsizetype i = 0; i < considered; ++i) {
        const NetworkRoute &r = routes[i];
        const auto ifIndex = routeIfIndex(snapshot, report.info, r.interfaceName);
        const auto dest = NicInfoBuilder::typedAddress(r.destination);
        const auto nextHop = r.gateway.isEmpty() ? std::optional<TypedIpAddress>()
                                                 : NicInfoBuilder::typedAddress(r.gateway);
        if (report.info.routes.size() == qsizetype(nicinfo::kMaxRoutes) || !ifIndex || !dest ||
            (!r.gateway.isEmpty() && !nextHop)) {
            ++report.routesDropped;
            continue;
        }
        InetCidrRouteEntry e;
        e.inetCidrRouteDest = *dest;
        e.inetCidrRoutePfxLen = r.prefixLength;
        e.inetCidrRouteNextHop = nextHop;
        e.inetCidrRouteIfIndex = *ifIndex;
        e.inetCidrRouteType = r.type;
        e.inetCidrRouteMetric = r.metric;
        report.info.routes.append(e);
    }
}

std::optional<QByteArray> boundedName(const std::optional<QByteArray> &name)
{
    if (!name || name->size() > qsizetype(nicinfo::kDnsMaxAddrLen))
        return std::nullopt;
    return name;
}

DnsConfigInfo dnsConfig(const DnsSettings &dns)
{
    DnsConfigInfo out;
    out.hostName = boundedName(dns.hostName);
    out.domainName = boundedName(dns.domainName);
    for (const auto &server : dns.servers) {
        if (out.serverList.size() == qsizetype(nicinfo::kDnsMaxServers))
            break;
        if (const auto ip = NicInfoBuilder::typedAddress(server))
            out.serverList.append(*ip);
    }
    for (const auto &suffix : dns.searchSuffixes) {
        if (out.searchSuffixes.size() == qsizetype(nicinfo::kDnsMaxSuffixes))
            break;
        if (suffix.size() <= qsizetype(nicinfo::kDnsMaxAddrLen))
            out.searchSuffixes.append(suffix);
    }
    return out;
}

qsizetype capAddresses(NicInfoV3 &info, quint32 perNic)
{
    qsizetype dropped = 0;
    for (auto &nic : info.nics) {
        if (nic.ips.size() > qsizetype(perNic)) {
            dropped += nic.ips.size() - perNic;
            nic.ips.erase(nic.ips.begin() + perNic, nic.ips.end());
        }
    }
    return dropped;
}

} // namespace

QByteArray NicInfoBuilder::formatMac(const QByteArray &mac)
{
    return mac.toHex(':');
}

std::optional<TypedIpAddress> NicInfoBuilder::typedAddress(const QByteArray &bytes)
{
    TypedIpAddress ip;
    ip.ipAddressAddr = bytes;
    if (bytes.size() == 4) {
        ip.ipAddressAddrType = InetAddressType::IPv4;
    } else if (bytes.size() == 16) {
        ip.ipAddressAddrType = InetAddressType::IPv6;
        // fe80::/10 with a scope id in bytes 2..7 (BSD stacks): keep the
        // prefix bits only.
        if (uchar(bytes[0]) == 0xfe && (uchar(bytes[1]) & 0xc0) == 0x80) {
            ip.ipAddressAddr[1] = char(uchar(bytes[1]) & 0xc0);
            for (int i = 2; i < 8; ++i)
                ip.ipAddressAddr[i] = '\0';
        }
    } else {
        return std::nullopt;
    }
    return ip;
}

CodecResult<NicInfoReport> NicInfoBuilder::build(const NetworkSnapshot &snapshot,
                                                 const Options &options)
{
    using Result = CodecResult<NicInfoReport>;
    if (options.kind != GuestInfoKind::IpAddressV3 && options.kind != GuestInfoKind::IpAddressV2)
        return Result::failure(QStringLiteral("NIC info goes out as INFO_IPADDRESS_V3 or V2"));
    const quint32 maxIps =
        options.kind == GuestInfoKind::IpAddressV3 ? nicinfo::kMaxIps : nicinfo::kMaxIpsV2;

    NicInfoReport report;
    for (const auto &iface : snapshot.interfaces) {
        if (iface.mac.size() != 6)
            continue;
        if (report.info.nics.size() == qsizetype(nicinfo::kMaxNics)) {
            report.nicLimitReached = true;
            break;
        }
        GuestNicV3 nic;
        nic.macAddress = formatMac(iface.mac);
        for (const auto &a : iface.addresses) {
            const auto ip = typedAddress(a.address);
            if (!ip || isLoopback(a.address))
                continue;
            if (nic.ips.size() == qsizetype(maxIps)) {
                ++report.addressesDropped;
                continue;
            }
            IpAddressEntry e;
            e.ipAddressAddr = *ip;
            e.ipAddressPrefixLength = a.prefixLength;
            e.ipAddressOrigin = a.origin;
            // nicInfo.c GuestInfoAddIpAddress's defaults.
            e.ipAddressStatus = a.status ? *a.status
                                         : (a.address.size() == 4 ? IpAddressStatus::Preferred
                                                                  : IpAddressStatus::Unknown);
            nic.ips.append(e);
        }
        report.info.nics.append(nic);
    }

    if (snapshot.dns)
        report.info.dnsConfigInfo = dnsConfig(*snapshot.dns);

    // Out-of-range settings fall back to the default, as in guestInfoServer.c.
    const quint32 max4 =
        options.maxIPv4Routes > nicinfo::kMaxRoutes ? nicinfo::kMaxRoutes : options.maxIPv4Routes;
    const quint32 max6 =
        options.maxIPv6Routes > nicinfo::kMaxRoutes ? nicinfo::kMaxRoutes : options.maxIPv6Routes;
    addRoutes(snapshot, snapshot.ipv4Routes, max4, report);
    if (report.info.routes.size() < qsizetype(nicinfo::kMaxRoutes)) {
        addRoutes(snapshot, snapshot.ipv6Routes, max6, report);
    } else {
        report.routesDropped += snapshot.ipv6Routes.size();
    }

    auto xdr = NicInfoCodec::encodeGuestNicProto(report.info);
    const qsizetype prefixSize = GuestInfoMessage::prefix(options.kind).size();
    if (xdr && prefixSize + xdr.value().size() > GuestInfoMessage::kMaxMessageSize) {
        report.addressesDropped += capAddresses(report.info, nicinfo::kMaxIpsV2);
        report.cappedForSize = true;
        xdr = NicInfoCodec::encodeGuestNicProto(report.info);
    }
    if (!xdr)
        return Result::failure(xdr.error());
    // With 64 addresses per NIC the largest message the limits allow is
    // 56,129 bytes (docs/guestinfo-protocol.md), so this holds for every snapshot.
    if (prefixSize + xdr.value().size() > GuestInfoMessage::kMaxMessageSize)
        return Result::failure(QStringLiteral("NIC info does not fit in 64 KiB"));
    report.message = GuestInfoMessage::binary(options.kind, xdr.value());
    return Result::success(std::move(report));
}

} // namespace gk::guestinfo
