#pragma once

// The INFO_IPADDRESS_V3 message for one NIC (00:50:56:aa:bb:cc) with
// 192.168.1.10/24 and fe80::250:56ff:feaa:bbcc/64, a default route via
// 192.168.1.1 and a DNS config, written by hand from nicinfo.x item by item
// (every XDR unit is 4 bytes, big-endian; strings padded with zeros).
#include "guestinfo/codec/NicInfoTypes.h"

#include <QByteArray>
#include <QList>

namespace handvectors {

// Qt 5's QList has no (count, value) constructor.
template <typename T> QList<T> repeated(int count, const T &value)
{
    QList<T> list;
    for (int i = 0; i < count; ++i)
        list.append(value);
    return list;
}

inline QByteArray hex(const char *h)
{
    return QByteArray::fromHex(h); // skips the spaces
}

inline QByteArray oneNicMessage()
{
    QByteArray m("SetGuestInfo  10 ");
    m += hex("00000003"); // GuestNicProto.ver = NIC_INFO_V3
    m += hex("00000001"); // nicInfoV3 pointer present
    m += hex("00000001"); // NicInfoV3.nics count
    // GuestNicV3.macAddress: string<18> of 17 bytes + 3 pad
    m += hex("00000011") + QByteArray("00:50:56:aa:bb:cc") + hex("000000");
    m += hex("00000002"); // ips count
    // ips[0]: TypedIpAddress {IAT_IPV4, opaque<4>}, prefix 24, no origin,
    // status IAS_PREFERRED
    m += hex("00000001 00000004 c0a8010a 00000018 00000000 00000001 00000001");
    // ips[1]: {IAT_IPV6, opaque<16>}, prefix 64, origin IAO_LINKLAYER,
    // status IAS_UNKNOWN
    m += hex("00000002 00000010 fe800000 00000000 025056ff feaabbcc 00000040"
             "00000001 00000005 00000001 00000005");
    m += hex("00000000 00000000 00000000 00000000"); // nic dns, wins, dhcp4, dhcp6 absent
    m += hex("00000001");                            // routes count
    // InetCidrRouteEntry: dest 0.0.0.0, pfx 0, next hop 192.168.1.1,
    // ifIndex 0, type 0 (unset, as vmtoolsd on Linux), metric 100
    m += hex("00000001 00000004 00000000 00000000"
             "00000001 00000001 00000004 c0a80101"
             "00000000 00000000 00000064");
    m += hex("00000001"); // dnsConfigInfo present
    m += hex("00000001 0000000f") + QByteArray("vm1.example.com") + hex("00"); // hostName
    m += hex("00000001 0000000b") + QByteArray("example.com") + hex("00");     // domainName
    m += hex("00000001 00000001 00000004 c0a80101"); // serverList: 192.168.1.1
    m += hex("00000001 0000000b") + QByteArray("example.com") + hex("00"); // searchSuffixes
    m += hex("00000000 00000000 00000000"); // wins, dhcp4, dhcp6 absent
    return m;
}

inline gk::guestinfo::NicInfoV3 oneNicTree()
{
    using namespace gk::guestinfo;
    NicInfoV3 info;
    GuestNicV3 nic;
    nic.macAddress = "00:50:56:aa:bb:cc";
    IpAddressEntry v4;
    v4.ipAddressAddr = {InetAddressType::IPv4, hex("c0a8010a")};
    v4.ipAddressPrefixLength = 24;
    v4.ipAddressStatus = IpAddressStatus::Preferred;
    IpAddressEntry v6;
    v6.ipAddressAddr = {InetAddressType::IPv6, hex("fe800000000000000250 56fffeaabbcc")};
    v6.ipAddressPrefixLength = 64;
    v6.ipAddressOrigin = IpAddressOrigin::LinkLayer;
    v6.ipAddressStatus = IpAddressStatus::Unknown;
    nic.ips = {v4, v6};
    info.nics = {nic};
    InetCidrRouteEntry route;
    route.inetCidrRouteDest = {InetAddressType::IPv4, hex("00000000")};
    route.inetCidrRouteNextHop = TypedIpAddress{InetAddressType::IPv4, hex("c0a80101")};
    route.inetCidrRouteMetric = 100;
    info.routes = {route};
    DnsConfigInfo dns;
    dns.hostName = QByteArray("vm1.example.com");
    dns.domainName = QByteArray("example.com");
    dns.serverList = {TypedIpAddress{InetAddressType::IPv4, hex("c0a80101")}};
    dns.searchSuffixes = {QByteArray("example.com")};
    info.dnsConfigInfo = dns;
    return info;
}

} // namespace handvectors
