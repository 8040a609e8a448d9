#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <optional>

// The NicInfoV3 tree exactly as open-vm-tools' lib/guestRpc/nicinfo.x defines
// it (field order is wire order). Enums have a fixed underlying type so that
// values outside the .x list (vmtoolsd leaves a route's type 0 on Linux)
// survive a round trip: rpcgen's xdr_enum does not check them either.
namespace gk::guestinfo {

namespace nicinfo {
// nicinfo.x limits.
inline constexpr quint32 kMaxNics = 16;              // NICINFO_MAX_NICS
inline constexpr quint32 kMaxIps = 2048;             // NICINFO_MAX_IPS
inline constexpr quint32 kMacLen = 18;               // NICINFO_MAC_LEN
inline constexpr quint32 kMaxRoutes = 100;           // NICINFO_MAX_ROUTES
inline constexpr quint32 kInetAddressMaxLen = 255;   // INET_ADDRESS_MAX_LEN
inline constexpr quint32 kDnsMaxAddrLen = 255;       // DNSINFO_MAX_ADDRLEN
inline constexpr quint32 kDnsMaxSuffixes = 10;       // DNSINFO_MAX_SUFFIXES
inline constexpr quint32 kDnsMaxServers = 16;        // DNSINFO_MAX_SERVERS
inline constexpr quint32 kDhcpMaxConfigSize = 16384; // DHCP_MAX_CONFIG_SIZE
// guestInfo.h INFO_IPADDRESS_V2_MAX_IPS: the per-NIC cap of vmtoolsd's
// fallback message (guestInfoServer.c GuestNicInfoV3ToV3_64).
inline constexpr quint32 kMaxIpsV2 = 64;
} // namespace nicinfo

enum class NicInfoVersion : quint32 { V1 = 1, V2 = 2, V3 = 3 };

enum class InetAddressType : quint32 {
    Unknown = 0, // IAT_UNKNOWN
    IPv4 = 1,    // IAT_IPV4
    IPv6 = 2,    // IAT_IPV6
    IPv4z = 3,   // IAT_IPV4Z
    IPv6z = 4,   // IAT_IPV6Z
    Dns = 16,    // IAT_DNS
};

enum class IpAddressOrigin : quint32 {
    Other = 1,     // IAO_OTHER
    Manual = 2,    // IAO_MANUAL
    Dhcp = 4,      // IAO_DHCP
    LinkLayer = 5, // IAO_LINKLAYER
    Random = 6,    // IAO_RANDOM
};

enum class IpAddressStatus : quint32 {
    Preferred = 1,    // IAS_PREFERRED
    Deprecated = 2,   // IAS_DEPRECATED
    Invalid = 3,      // IAS_INVALID
    Inaccessible = 4, // IAS_INACCESSIBLE
    Unknown = 5,      // IAS_UNKNOWN
    Tentative = 6,    // IAS_TENTATIVE
    Duplicate = 7,    // IAS_DUPLICATE
    Optimistic = 8,   // IAS_OPTIMISTIC
};

enum class InetCidrRouteType : quint32 {
    Unset = 0,  // not in nicinfo.x; what vmtoolsd sends on Linux (calloc'd)
    Other = 1,  // ICRT_OTHER
    Reject = 2, // ICRT_REJECT
    Local = 3,  // ICRT_LOCAL
    Remote = 4, // ICRT_REMOTE
};

struct TypedIpAddress
{
    InetAddressType ipAddressAddrType = InetAddressType::Unknown;
    QByteArray ipAddressAddr; // InetAddress<255>: network byte order
    bool operator==(const TypedIpAddress &) const = default;
};

struct IpAddressEntry
{
    TypedIpAddress ipAddressAddr;
    quint32 ipAddressPrefixLength = 0;
    std::optional<IpAddressOrigin> ipAddressOrigin;
    std::optional<IpAddressStatus> ipAddressStatus;
    bool operator==(const IpAddressEntry &) const = default;
};

struct DnsConfigInfo
{
    std::optional<QByteArray> hostName;   // DnsHostname *
    std::optional<QByteArray> domainName; // DnsHostname *
    QList<TypedIpAddress> serverList;     // <DNSINFO_MAX_SERVERS>
    QList<QByteArray> searchSuffixes;     // <DNSINFO_MAX_SUFFIXES>
    bool operator==(const DnsConfigInfo &) const = default;
};

struct WinsConfigInfo
{
    TypedIpAddress primary;
    TypedIpAddress secondary;
    bool operator==(const WinsConfigInfo &) const = default;
};

struct InetCidrRouteEntry
{
    TypedIpAddress inetCidrRouteDest;
    quint32 inetCidrRoutePfxLen = 0;
    std::optional<TypedIpAddress> inetCidrRouteNextHop;
    quint32 inetCidrRouteIfIndex = 0; // index into NicInfoV3::nics
    InetCidrRouteType inetCidrRouteType = InetCidrRouteType::Unset;
    quint32 inetCidrRouteMetric = 0;
    bool operator==(const InetCidrRouteEntry &) const = default;
};

struct DhcpConfigInfo
{
    bool enabled = false;
    QByteArray dhcpSettings; // string<DHCP_MAX_CONFIG_SIZE>
    bool operator==(const DhcpConfigInfo &) const = default;
};

struct GuestNicV3
{
    QByteArray macAddress; // string<NICINFO_MAC_LEN>, "aa:bb:cc:dd:ee:ff"
    QList<IpAddressEntry> ips;
    std::optional<DnsConfigInfo> dnsConfigInfo;
    std::optional<WinsConfigInfo> winsConfigInfo;
    std::optional<DhcpConfigInfo> dhcpConfigInfov4;
    std::optional<DhcpConfigInfo> dhcpConfigInfov6;
    bool operator==(const GuestNicV3 &) const = default;
};

struct NicInfoV3
{
    QList<GuestNicV3> nics;
    QList<InetCidrRouteEntry> routes;
    std::optional<DnsConfigInfo> dnsConfigInfo;
    std::optional<WinsConfigInfo> winsConfigInfo;
    std::optional<DhcpConfigInfo> dhcpConfigInfov4;
    std::optional<DhcpConfigInfo> dhcpConfigInfov6;
    bool operator==(const NicInfoV3 &) const = default;
};

} // namespace gk::guestinfo
