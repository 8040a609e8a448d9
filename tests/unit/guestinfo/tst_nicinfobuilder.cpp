#include "HandVectors.h"

#include "guestinfo/codec/GuestInfoMessage.h"
#include "guestinfo/codec/NicInfoBuilder.h"
#include "guestinfo/codec/NicInfoCodec.h"

#include <QtTest>

using namespace gk::guestinfo;
using handvectors::hex;

namespace {

QByteArray mac(int n)
{
    return hex("005056000000").left(4) + char(n >> 8) + char(n);
}

QByteArray ipv4(int n)
{
    return hex("0a000000").left(2) + char(n >> 8) + char(n);
}

QByteArray ipv6(int n)
{
    return hex("20010db8000000000000000000000000").left(14) + char(n >> 8) + char(n);
}

NetworkInterface iface(int n, int addresses, bool v6, bool withOrigin = true)
{
    NetworkInterface i;
    i.name = QStringLiteral("eth%1").arg(n);
    i.mac = mac(n);
    for (int a = 0; a < addresses; ++a)
        i.addresses.append(
            NetworkAddress{v6 ? ipv6(a) : ipv4(a), v6 ? 64u : 24u,
                           withOrigin ? std::optional(IpAddressOrigin::Manual) : std::nullopt,
                           withOrigin ? std::optional(IpAddressStatus::Preferred) : std::nullopt});
    return i;
}

NetworkRoute route(bool v6, int n, const QString &ifName)
{
    return NetworkRoute{
        v6 ? ipv6(n) : ipv4(n),  v6 ? 64u : 24u, v6 ? ipv6(1) : ipv4(1), ifName, quint32(n),
        InetCidrRouteType::Unset};
}

void verifyDecodesTo(const NicInfoReport &report)
{
    const auto env = GuestInfoMessage::parse(report.message);
    QVERIFY(env.ok());
    const auto back = NicInfoCodec::decodeGuestNicProto(env->payload);
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QVERIFY(back.value() == report.info);
}

} // namespace

class TstNicInfoBuilder : public QObject
{
    Q_OBJECT

private slots:
    void buildsTheHandWrittenVectorFromASnapshot()
    {
        NetworkSnapshot s;
        NetworkInterface ens;
        ens.name = QStringLiteral("ens192");
        ens.mac = hex("005056aabbcc");
        ens.addresses = {
            NetworkAddress{hex("c0a8010a"), 24, std::nullopt, std::nullopt},
            NetworkAddress{hex("7f000001"), 8, std::nullopt, std::nullopt}, // loopback: skipped
            NetworkAddress{hex("fe80000000000000025056fffeaabbcc"), 64, IpAddressOrigin::LinkLayer,
                           std::nullopt},
        };
        s.interfaces = {ens};
        s.ipv4Routes = {NetworkRoute{hex("00000000"), 0, hex("c0a80101"), QStringLiteral("ens192"),
                                     100, InetCidrRouteType::Unset},
                        NetworkRoute{hex("0a000000"),
                                     8,
                                     {},
                                     QStringLiteral("docker0"),
                                     0,
                                     InetCidrRouteType::Unset}}; // not reported: skipped
        s.dns = DnsSettings{QByteArray("vm1.example.com"),
                            QByteArray("example.com"),
                            {hex("c0a80101"), hex("0102")}, // a 2-byte server is no address
                            {QByteArray("example.com")}};
        const auto report = NicInfoBuilder::build(s);
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QCOMPARE(report->message, handvectors::oneNicMessage());
        QCOMPARE(report->routesDropped, 1);
        QVERIFY(!report->nicLimitReached);
    }

    void keepsTheFirst16NicsAndFlagsTheLimit()
    {
        NetworkSnapshot s;
        for (int n = 0; n < 20; ++n)
            s.interfaces.append(iface(n, 1, false));
        s.interfaces.insert(3, NetworkInterface{QStringLiteral("tun0"), {}, {}}); // no MAC
        const auto report = NicInfoBuilder::build(s);
        QVERIFY(report.ok());
        QCOMPARE(report->info.nics.size(), 16);
        QVERIFY(report->nicLimitReached);
        for (int n = 0; n < 16; ++n)
            QCOMPARE(report->info.nics[n].macAddress, NicInfoBuilder::formatMac(mac(n)));
        verifyDecodesTo(report.value());
    }

    void keepsTheFirst2048AddressesOfANic()
    {
        NetworkSnapshot s;
        // 2048 IPv4 entries of 28 bytes each fit in one message.
        s.interfaces = {iface(1, 2100, false, false)};
        const auto report = NicInfoBuilder::build(s);
        QVERIFY(report.ok());
        QCOMPARE(report->info.nics[0].ips.size(), 2048);
        QCOMPARE(report->addressesDropped, 52);
        QVERIFY(!report->cappedForSize);
        QCOMPARE(report->info.nics[0].ips.last().ipAddressAddr.ipAddressAddr, ipv4(2047));
        QVERIFY(report->message.size() <= GuestInfoMessage::kMaxMessageSize);
        verifyDecodesTo(report.value());
    }

    void capsAddressesAt64PerNicWhenTheMessageWouldPass64KiB()
    {
        NetworkSnapshot s;
        for (int n = 0; n < 3; ++n)
            s.interfaces.append(iface(n, 2048, true));
        const auto report = NicInfoBuilder::build(s);
        QVERIFY(report.ok());
        QVERIFY(report->cappedForSize);
        for (const auto &nic : report->info.nics) {
            QCOMPARE(nic.ips.size(), 64);
            QCOMPARE(nic.ips.first().ipAddressAddr.ipAddressAddr, ipv6(0));
        }
        QCOMPARE(report->addressesDropped, 3 * (2048 - 64));
        QVERIFY(report->message.size() <= GuestInfoMessage::kMaxMessageSize);
        verifyDecodesTo(report.value());
    }

    void theLargestSnapshotTheLimitsAllowStillFitsIn64KiB()
    {
        NetworkSnapshot s;
        for (int n = 0; n < 40; ++n)
            s.interfaces.append(iface(n, 3000, true));
        for (int n = 0; n < 150; ++n) {
            s.ipv4Routes.append(route(false, n, QStringLiteral("eth%1").arg(n % 16)));
            s.ipv6Routes.append(route(true, n, QStringLiteral("eth%1").arg(n % 16)));
        }
        DnsSettings dns;
        dns.hostName = QByteArray(255, 'h');
        dns.domainName = QByteArray(255, 'd');
        for (int n = 0; n < 30; ++n) {
            dns.servers.append(ipv6(n));
            dns.searchSuffixes.append(QByteArray(255, char('a' + n % 26)));
        }
        s.dns = dns;
        const auto report = NicInfoBuilder::build(s);
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QVERIFY(report->message.size() <= GuestInfoMessage::kMaxMessageSize);
        QCOMPARE(report->info.nics.size(), 16);
        QCOMPARE(report->info.routes.size(), 100);
        // IPv4 routes come first; only the first 100 (the setting's cap) are read.
        QCOMPARE(report->info.routes.last().inetCidrRouteDest.ipAddressAddrType,
                 InetAddressType::IPv4);
        QCOMPARE(report->routesDropped, 50 + 150);
        QCOMPARE(report->info.dnsConfigInfo->serverList.size(), 16);
        QCOMPARE(report->info.dnsConfigInfo->searchSuffixes.size(), 10);
        verifyDecodesTo(report.value());
    }

    void theWorstCaseMessageIs56129Bytes()
    {
        // Every item at its largest: 16 NICs of 64 IPv6 addresses with origin
        // and status (44 bytes each), 100 IPv6 routes with a next hop (68),
        // DNS names of 255 bytes, 16 IPv6 servers, 10 suffixes of 255 bytes.
        NetworkSnapshot s;
        for (int n = 0; n < 16; ++n)
            s.interfaces.append(iface(n, 2048, true));
        for (int n = 0; n < 100; ++n)
            s.ipv6Routes.append(route(true, n, QStringLiteral("eth0")));
        DnsSettings dns;
        dns.hostName = QByteArray(255, 'h');
        dns.domainName = QByteArray(255, 'd');
        for (int n = 0; n < 16; ++n)
            dns.servers.append(ipv6(n));
        for (int n = 0; n < 10; ++n)
            dns.searchSuffixes.append(QByteArray(255, 's'));
        s.dns = dns;
        NicInfoBuilder::Options o;
        o.maxIPv4Routes = 0;
        const auto report = NicInfoBuilder::build(s, o);
        QVERIFY2(report.ok(), qPrintable(report.error()));
        QVERIFY(report->cappedForSize);
        // 17 + 8 (union) + 4 + 16 * (44 + 64 * 44) + 4 + 100 * 68 + 3524 (DNS) + 12
        QCOMPARE(report->message.size(), 56129);
    }

    void routeSettingsLimitEachFamilyAndIPv6FollowsIPv4()
    {
        NetworkSnapshot s;
        s.interfaces = {iface(0, 1, false), iface(1, 1, false)};
        for (int n = 0; n < 5; ++n) {
            s.ipv4Routes.append(route(false, n, QStringLiteral("eth1")));
            s.ipv6Routes.append(route(true, n, QStringLiteral("eth0")));
        }
        NicInfoBuilder::Options o;
        o.maxIPv4Routes = 2;
        o.maxIPv6Routes = 3;
        const auto report = NicInfoBuilder::build(s, o);
        QVERIFY(report.ok());
        const auto &routes = report->info.routes;
        QCOMPARE(routes.size(), 5);
        QCOMPARE(routes[0].inetCidrRouteIfIndex, 1u);
        QCOMPARE(routes[1].inetCidrRouteDest.ipAddressAddr, ipv4(1));
        QCOMPARE(routes[2].inetCidrRouteDest.ipAddressAddrType, InetAddressType::IPv6);
        QCOMPARE(routes[2].inetCidrRouteIfIndex, 0u);
        QCOMPARE(routes[4].inetCidrRouteDest.ipAddressAddr, ipv6(2));

        o.maxIPv4Routes = 500; // out of range: vmtoolsd falls back to 100
        o.maxIPv6Routes = 0;
        const auto clamped = NicInfoBuilder::build(s, o);
        QCOMPARE(clamped->info.routes.size(), 5);
    }

    void v2KindCapsAddressesAt64()
    {
        NetworkSnapshot s;
        s.interfaces = {iface(0, 100, false)};
        NicInfoBuilder::Options o;
        o.kind = GuestInfoKind::IpAddressV2;
        const auto report = NicInfoBuilder::build(s, o);
        QVERIFY(report.ok());
        QVERIFY(report->message.startsWith("SetGuestInfo  9 "));
        QCOMPARE(report->info.nics[0].ips.size(), 64);
        o.kind = GuestInfoKind::DnsName;
        QVERIFY(!NicInfoBuilder::build(s, o).ok());
    }

    void addressDefaultsAndLinkLocalScopeFollowNicInfo()
    {
        NetworkSnapshot s;
        NetworkInterface i = iface(0, 0, false);
        i.addresses = {NetworkAddress{hex("c0a80001"), 24, {}, {}},
                       NetworkAddress{hex("20010db8000000000000000000000001"), 64, {}, {}},
                       NetworkAddress{hex("00000000000000000000000000000001"), 128, {}, {}},
                       NetworkAddress{hex("fe800004000000000250 56fffeaabbcc"), 64, {}, {}}};
        s.interfaces = {i};
        const auto report = NicInfoBuilder::build(s);
        QVERIFY(report.ok());
        const auto &ips = report->info.nics[0].ips;
        QCOMPARE(ips.size(), 3); // ::1 skipped
        QCOMPARE(*ips[0].ipAddressStatus, IpAddressStatus::Preferred);
        QCOMPARE(*ips[1].ipAddressStatus, IpAddressStatus::Unknown);
        QVERIFY(!ips[1].ipAddressOrigin);
        QCOMPARE(ips[2].ipAddressAddr.ipAddressAddr, hex("fe80000000000000025056fffeaabbcc"));
        QCOMPARE(report->info.nics[0].macAddress, QByteArray("00:50:56:00:00:00"));
    }
};

QTEST_APPLESS_MAIN(TstNicInfoBuilder)
#include "tst_nicinfobuilder.moc"
