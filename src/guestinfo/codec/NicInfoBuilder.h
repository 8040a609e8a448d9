#pragma once

#include "CodecResult.h"
#include "GuestInfoMessage.h"
#include "NicInfoTypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gk::guestinfo {

// Portable input for the NIC report: what a collector reads from the OS, in
// the order vmtoolsd would visit it (primary interfaces first, low-priority
// last; excluded, down and loopback interfaces already left out).
struct NetworkAddress
{
    QByteArray address; // 4 (IPv4) or 16 (IPv6) bytes, network order
    quint32 prefixLength = 0;
    std::optional<IpAddressOrigin> origin; // vmtoolsd on Linux: none
    std::optional<IpAddressStatus> status; // none: IPv4 preferred, IPv6 unknown
};

struct NetworkInterface
{
    QString name;   // matches NetworkRoute::interfaceName; not sent
    QByteArray mac; // 6 bytes; other interfaces are not reported
    QList<NetworkAddress> addresses;
};

struct NetworkRoute
{
    QByteArray destination; // 4 or 16 bytes
    quint32 prefixLength = 0;
    QByteArray gateway; // empty: no next hop
    QString interfaceName;
    quint32 metric = 0;
    InetCidrRouteType type = InetCidrRouteType::Unset;
};

struct DnsSettings
{
    std::optional<QByteArray> hostName; // FQDN
    std::optional<QByteArray> domainName;
    QList<QByteArray> servers; // 4 or 16 bytes each
    QList<QByteArray> searchSuffixes;
};

struct NetworkSnapshot
{
    QList<NetworkInterface> interfaces;
    QList<NetworkRoute> ipv4Routes; // up routes, in the kernel's order
    QList<NetworkRoute> ipv6Routes;
    std::optional<DnsSettings> dns;
};

// What was built and what the limits cost.
struct NicInfoReport
{
    NicInfoV3 info;
    QByteArray message;           // "SetGuestInfo  <kind> " + GuestNicProto
    bool nicLimitReached = false; // vmtoolsd logs "NIC limit (16) reached"
    qsizetype addressesDropped = 0;
    qsizetype routesDropped = 0;
    bool cappedForSize = false; // addresses were cut to 64 per NIC to fit 64 KiB
};

// Builds the INFO_IPADDRESS_V3 (or V2) message from a snapshot, with
// vmtoolsd's limits and order (lib/nicInfo/nicInfo.c, nicInfoPosix.c):
//  - at most 16 NICs, the first ones kept; at most 2048 addresses per NIC
//    (64 for INFO_IPADDRESS_V2), the first ones kept; loopback addresses
//    skipped; a link-local IPv6 address loses an embedded scope id;
//  - routes: the first maxIPv4Routes IPv4 routes, then (if fewer than 100
//    were kept) the first maxIPv6Routes IPv6 routes; a route whose
//    interface is not reported is skipped; at most 100 in all;
//  - DNS: at most 16 IPv4/IPv6 servers and 10 search suffixes, the first
//    ones kept; names over 255 bytes are left out.
// vmtoolsd has no size check of its own: a message the VMX refuses
// (over GUESTMSG_MAX_IN_SIZE) is resent with 64 addresses per NIC
// (GuestNicInfoV3ToV3_64). The builder applies that cap up front when the
// message would be over 64 KiB, so no message it returns is over the limit.
class NicInfoBuilder
{
public:
    struct Options
    {
        GuestInfoKind kind = GuestInfoKind::IpAddressV3; // or IpAddressV2
        quint32 maxIPv4Routes = nicinfo::kMaxRoutes;     // guestinfo.max-ipv4-routes, 0..100
        quint32 maxIPv6Routes = nicinfo::kMaxRoutes;     // guestinfo.max-ipv6-routes, 0..100
    };

    static CodecResult<NicInfoReport> build(const NetworkSnapshot &snapshot,
                                            const Options &options);
    static CodecResult<NicInfoReport> build(const NetworkSnapshot &snapshot)
    {
        return build(snapshot, Options());
    }

    // "aa:bb:cc:dd:ee:ff", as nicInfoPosix.c formats it.
    static QByteArray formatMac(const QByteArray &mac);
    // TypedIpAddress for 4 or 16 bytes, with the link-local fix of
    // nicInfo.c GuestInfoSockaddrToTypedIpAddress.
    static std::optional<TypedIpAddress> typedAddress(const QByteArray &bytes);
};

} // namespace gk::guestinfo
