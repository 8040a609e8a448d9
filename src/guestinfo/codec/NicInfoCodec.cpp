#include "NicInfoCodec.h"

#include "XdrReader.h"
#include "XdrWriter.h"

namespace gk::guestinfo::NicInfoCodec {

namespace {

// Smallest wire size of each item, for XdrReader::readCount.
constexpr qsizetype kMinTypedIp = 8;  // type, empty address
constexpr qsizetype kMinIpEntry = 20; // address, prefix, two absent optionals
constexpr qsizetype kMinNic = 24;     // empty MAC, no IPs, four absent optionals
constexpr qsizetype kMinRoute = 28;   // dest, prefix, no next hop, index, type, metric
constexpr qsizetype kMinHostname = 4; // empty string

// Writes the tree; the first limit violation is kept in error.
class Encoder
{
public:
    XdrWriter w;
    QString error;

    bool checkCount(qsizetype count, quint32 max, const char *what)
    {
        if (count <= qsizetype(max))
            return true;
        if (error.isEmpty())
            error = QStringLiteral("%1: %2 items over the nicinfo.x limit %3")
                        .arg(QLatin1String(what))
                        .arg(count)
                        .arg(max);
        return false;
    }

    void string(const QByteArray &s, quint32 max, const char *what)
    {
        checkCount(s.size(), max, what);
        w.putString(s);
    }

    void typedIp(const TypedIpAddress &ip)
    {
        w.putEnum(quint32(ip.ipAddressAddrType));
        checkCount(ip.ipAddressAddr.size(), nicinfo::kInetAddressMaxLen, "InetAddress");
        w.putOpaque(ip.ipAddressAddr);
    }

    void ipEntry(const IpAddressEntry &e)
    {
        typedIp(e.ipAddressAddr);
        w.putUint32(e.ipAddressPrefixLength);
        w.putPresent(e.ipAddressOrigin.has_value());
        if (e.ipAddressOrigin)
            w.putEnum(quint32(*e.ipAddressOrigin));
        w.putPresent(e.ipAddressStatus.has_value());
        if (e.ipAddressStatus)
            w.putEnum(quint32(*e.ipAddressStatus));
    }

    void optionalHostname(const std::optional<QByteArray> &name)
    {
        w.putPresent(name.has_value());
        if (name)
            string(*name, nicinfo::kDnsMaxAddrLen, "DnsHostname");
    }

    void dns(const DnsConfigInfo &d)
    {
        optionalHostname(d.hostName);
        optionalHostname(d.domainName);
        checkCount(d.serverList.size(), nicinfo::kDnsMaxServers, "serverList");
        w.putCount(quint32(d.serverList.size()));
        for (const auto &s : d.serverList)
            typedIp(s);
        checkCount(d.searchSuffixes.size(), nicinfo::kDnsMaxSuffixes, "searchSuffixes");
        w.putCount(quint32(d.searchSuffixes.size()));
        for (const auto &s : d.searchSuffixes)
            string(s, nicinfo::kDnsMaxAddrLen, "DnsHostname");
    }

    void wins(const WinsConfigInfo &wi)
    {
        typedIp(wi.primary);
        typedIp(wi.secondary);
    }

    void dhcp(const DhcpConfigInfo &d)
    {
        w.putBool(d.enabled);
        string(d.dhcpSettings, nicinfo::kDhcpMaxConfigSize, "dhcpSettings");
    }

    template <typename T, typename F> void optional(const std::optional<T> &value, F write)
    {
        w.putPresent(value.has_value());
        if (value)
            (this->*write)(*value);
    }

    void tail(const std::optional<DnsConfigInfo> &d, const std::optional<WinsConfigInfo> &wi,
              const std::optional<DhcpConfigInfo> &v4, const std::optional<DhcpConfigInfo> &v6)
    {
        optional(d, &Encoder::dns);
        optional(wi, &Encoder::wins);
        optional(v4, &Encoder::dhcp);
        optional(v6, &Encoder::dhcp);
    }

    void nic(const GuestNicV3 &n)
    {
        string(n.macAddress, nicinfo::kMacLen, "macAddress");
        checkCount(n.ips.size(), nicinfo::kMaxIps, "ips");
        w.putCount(quint32(n.ips.size()));
        for (const auto &ip : n.ips)
            ipEntry(ip);
        tail(n.dnsConfigInfo, n.winsConfigInfo, n.dhcpConfigInfov4, n.dhcpConfigInfov6);
    }

    void route(const InetCidrRouteEntry &r)
    {
        typedIp(r.inetCidrRouteDest);
        w.putUint32(r.inetCidrRoutePfxLen);
        optional(r.inetCidrRouteNextHop, &Encoder::typedIp);
        w.putUint32(r.inetCidrRouteIfIndex);
        w.putEnum(quint32(r.inetCidrRouteType));
        w.putUint32(r.inetCidrRouteMetric);
    }

    void nicInfo(const NicInfoV3 &info)
    {
        checkCount(info.nics.size(), nicinfo::kMaxNics, "nics");
        w.putCount(quint32(info.nics.size()));
        for (const auto &n : info.nics)
            nic(n);
        checkCount(info.routes.size(), nicinfo::kMaxRoutes, "routes");
        w.putCount(quint32(info.routes.size()));
        for (const auto &r : info.routes)
            route(r);
        tail(info.dnsConfigInfo, info.winsConfigInfo, info.dhcpConfigInfov4, info.dhcpConfigInfov6);
    }

    CodecResult<QByteArray> result() const
    {
        if (!error.isEmpty())
            return CodecResult<QByteArray>::failure(error);
        return CodecResult<QByteArray>::success(w.bytes());
    }
};

bool readTypedIp(XdrReader &r, TypedIpAddress &out)
{
    quint32 type = 0;
    r.readEnum(type);
    out.ipAddressAddrType = InetAddressType(type);
    return r.readOpaque(out.ipAddressAddr, nicinfo::kInetAddressMaxLen, "InetAddress");
}

template <typename E> bool readOptionalEnum(XdrReader &r, std::optional<E> &out, const char *what)
{
    bool present = false;
    if (!r.readPresent(present, what))
        return false;
    if (present) {
        quint32 v = 0;
        if (!r.readEnum(v))
            return false;
        out = E(v);
    }
    return true;
}

bool readIpEntry(XdrReader &r, IpAddressEntry &out)
{
    readTypedIp(r, out.ipAddressAddr);
    r.readUint32(out.ipAddressPrefixLength);
    readOptionalEnum(r, out.ipAddressOrigin, "ipAddressOrigin");
    return readOptionalEnum(r, out.ipAddressStatus, "ipAddressStatus");
}

bool readOptionalHostname(XdrReader &r, std::optional<QByteArray> &out, const char *what)
{
    bool present = false;
    if (!r.readPresent(present, what))
        return false;
    if (present) {
        QByteArray name;
        if (!r.readString(name, nicinfo::kDnsMaxAddrLen, what))
            return false;
        out = name;
    }
    return true;
}

bool readDns(XdrReader &r, DnsConfigInfo &out)
{
    readOptionalHostname(r, out.hostName, "hostName");
    readOptionalHostname(r, out.domainName, "domainName");
    quint32 count = 0;
    if (!r.readCount(count, nicinfo::kDnsMaxServers, kMinTypedIp, "serverList"))
        return false;
    for (quint32 i = 0; i < count && !r.failed(); ++i) {
        TypedIpAddress ip;
        readTypedIp(r, ip);
        out.serverList.append(ip);
    }
    if (!r.readCount(count, nicinfo::kDnsMaxSuffixes, kMinHostname, "searchSuffixes"))
        return false;
    for (quint32 i = 0; i < count && !r.failed(); ++i) {
        QByteArray suffix;
        r.readString(suffix, nicinfo::kDnsMaxAddrLen, "searchSuffixes");
        out.searchSuffixes.append(suffix);
    }
    return !r.failed();
}

bool readWins(XdrReader &r, WinsConfigInfo &out)
{
    readTypedIp(r, out.primary);
    return readTypedIp(r, out.secondary);
}

bool readDhcp(XdrReader &r, DhcpConfigInfo &out)
{
    r.readBool(out.enabled, "DhcpConfigInfo.enabled");
    return r.readString(out.dhcpSettings, nicinfo::kDhcpMaxConfigSize, "dhcpSettings");
}

template <typename T>
bool readOptional(XdrReader &r, std::optional<T> &out, bool (*read)(XdrReader &, T &),
                  const char *what)
{
    bool present = false;
    if (!r.readPresent(present, what))
        return false;
    if (present) {
        T value;
        if (!read(r, value))
            return false;
        out = std::move(value);
    }
    return true;
}

template <typename Owner> bool readTail(XdrReader &r, Owner &out)
{
    readOptional(r, out.dnsConfigInfo, readDns, "dnsConfigInfo");
    readOptional(r, out.winsConfigInfo, readWins, "winsConfigInfo");
    readOptional(r, out.dhcpConfigInfov4, readDhcp, "dhcpConfigInfov4");
    return readOptional(r, out.dhcpConfigInfov6, readDhcp, "dhcpConfigInfov6");
}

bool readNic(XdrReader &r, GuestNicV3 &out)
{
    r.readString(out.macAddress, nicinfo::kMacLen, "macAddress");
    quint32 count = 0;
    if (!r.readCount(count, nicinfo::kMaxIps, kMinIpEntry, "ips"))
        return false;
    out.ips.reserve(qsizetype(count));
    for (quint32 i = 0; i < count && !r.failed(); ++i) {
        IpAddressEntry e;
        readIpEntry(r, e);
        out.ips.append(e);
    }
    return readTail(r, out);
}

bool readRoute(XdrReader &r, InetCidrRouteEntry &out)
{
    readTypedIp(r, out.inetCidrRouteDest);
    r.readUint32(out.inetCidrRoutePfxLen);
    readOptional(r, out.inetCidrRouteNextHop, readTypedIp, "inetCidrRouteNextHop");
    r.readUint32(out.inetCidrRouteIfIndex);
    quint32 type = 0;
    r.readEnum(type);
    out.inetCidrRouteType = InetCidrRouteType(type);
    return r.readUint32(out.inetCidrRouteMetric);
}

} // namespace

CodecResult<QByteArray> encodeNicInfoV3(const NicInfoV3 &info)
{
    Encoder e;
    e.nicInfo(info);
    return e.result();
}

CodecResult<QByteArray> encodeGuestNicProto(const NicInfoV3 &info)
{
    Encoder e;
    e.w.putEnum(quint32(NicInfoVersion::V3));
    e.w.putPresent(true);
    e.nicInfo(info);
    return e.result();
}

bool readNicInfoV3(XdrReader &r, NicInfoV3 &out)
{
    quint32 count = 0;
    if (!r.readCount(count, nicinfo::kMaxNics, kMinNic, "nics"))
        return false;
    for (quint32 i = 0; i < count && !r.failed(); ++i) {
        GuestNicV3 nic;
        readNic(r, nic);
        out.nics.append(nic);
    }
    if (!r.readCount(count, nicinfo::kMaxRoutes, kMinRoute, "routes"))
        return false;
    for (quint32 i = 0; i < count && !r.failed(); ++i) {
        InetCidrRouteEntry route;
        readRoute(r, route);
        out.routes.append(route);
    }
    return readTail(r, out);
}

CodecResult<NicInfoV3> decodeGuestNicProto(const QByteArray &xdr)
{
    XdrReader r(xdr);
    quint32 version = 0;
    bool present = false;
    NicInfoV3 info;
    if (r.readEnum(version) && version != quint32(NicInfoVersion::V3))
        r.fail(QStringLiteral("GuestNicProto version %1 is not NIC_INFO_V3").arg(version));
    if (r.readPresent(present, "nicInfoV3") && present)
        readNicInfoV3(r, info);
    if (!r.failed() && !r.atEnd())
        r.fail(QStringLiteral("%1 bytes after GuestNicProto").arg(r.remaining()));
    if (r.failed())
        return CodecResult<NicInfoV3>::failure(r.error());
    return CodecResult<NicInfoV3>::success(std::move(info));
}

} // namespace gk::guestinfo::NicInfoCodec
