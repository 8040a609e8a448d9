#include "HandVectors.h"

#include "guestinfo/codec/GuestInfoMessage.h"
#include "guestinfo/codec/NicInfoCodec.h"

#include <QtEndian>
#include <QtTest>

using namespace gk::guestinfo;
using handvectors::hex;

namespace {

QByteArray payloadOf(const QByteArray &message)
{
    return message.mid(QByteArray("SetGuestInfo  10 ").size());
}

QByteArray withWord(QByteArray bytes, int offset, quint32 value)
{
    qToBigEndian(value, bytes.data() + offset);
    return bytes;
}

// Payload offsets in the hand vector (see HandVectors.h).
constexpr int kNicsCount = 8;
constexpr int kIpsCount = 36;
constexpr int kRoutesCount = 128;

} // namespace

class TstNicInfoCodec : public QObject
{
    Q_OBJECT

private slots:
    void encodesOneNicExactlyAsTheHandWrittenVector()
    {
        const auto xdr = NicInfoCodec::encodeGuestNicProto(handvectors::oneNicTree());
        QVERIFY2(xdr.ok(), qPrintable(xdr.error()));
        QCOMPARE(GuestInfoMessage::binary(GuestInfoKind::IpAddressV3, xdr.value()),
                 handvectors::oneNicMessage());
    }

    void decodesTheHandWrittenVectorToTheSameTree()
    {
        const auto decoded =
            NicInfoCodec::decodeGuestNicProto(payloadOf(handvectors::oneNicMessage()));
        QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
        QVERIFY(decoded.value() == handvectors::oneNicTree());
        QCOMPARE(decoded->routes.at(0).inetCidrRouteType, InetCidrRouteType::Unset);
    }

    void encodesWinsAndDhcpOptionalsInFieldOrder()
    {
        NicInfoV3 info;
        info.winsConfigInfo = WinsConfigInfo{{InetAddressType::IPv4, hex("01020304")},
                                             {InetAddressType::IPv4, hex("05060708")}};
        info.dhcpConfigInfov4 = DhcpConfigInfo{true, "x"};
        const QByteArray expected = hex("00000000 00000000" // no nics, no routes
                                        "00000000"          // dnsConfigInfo absent
                                        "00000001 00000001 00000004 01020304"
                                        "00000001 00000004 05060708"          // wins
                                        "00000001 00000001 00000001 78000000" // dhcp v4
                                        "00000000");                          // dhcp v6 absent
        const auto xdr = NicInfoCodec::encodeNicInfoV3(info);
        QVERIFY(xdr.ok());
        QCOMPARE(xdr.value(), expected);
        const auto back = NicInfoCodec::decodeGuestNicProto(hex("00000003 00000001") + expected);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QVERIFY(back.value() == info);
    }

    void encodingRefusesListsAndStringsOverTheNicinfoLimits()
    {
        NicInfoV3 tooManyNics;
        tooManyNics.nics = handvectors::repeated(17, GuestNicV3{});
        QVERIFY(!NicInfoCodec::encodeGuestNicProto(tooManyNics).ok());

        NicInfoV3 longMac;
        longMac.nics = {GuestNicV3{}};
        longMac.nics[0].macAddress = QByteArray(19, 'a');
        QVERIFY(!NicInfoCodec::encodeGuestNicProto(longMac).ok());

        NicInfoV3 tooManyRoutes;
        tooManyRoutes.routes = handvectors::repeated(101, InetCidrRouteEntry{});
        QVERIFY(!NicInfoCodec::encodeGuestNicProto(tooManyRoutes).ok());

        DnsConfigInfo dns;
        dns.searchSuffixes = handvectors::repeated(11, QByteArray("a"));
        NicInfoV3 tooManySuffixes;
        tooManySuffixes.dnsConfigInfo = dns;
        QVERIFY(!NicInfoCodec::encodeGuestNicProto(tooManySuffixes).ok());
    }

    void everyTruncationOfTheVectorIsAnError()
    {
        const QByteArray payload = payloadOf(handvectors::oneNicMessage());
        for (int len = 0; len < payload.size(); ++len) {
            const auto r = NicInfoCodec::decodeGuestNicProto(payload.left(len));
            QVERIFY2(!r.ok(), qPrintable(QStringLiteral("length %1 decoded").arg(len)));
        }
    }

    void countsOverTheLimitOrNear2To32AreErrors_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<quint32>("count");
        QTest::newRow("nics 17") << kNicsCount << 17u;
        QTest::newRow("nics 2^32-1") << kNicsCount << 0xffffffffu;
        QTest::newRow("ips 2049") << kIpsCount << 2049u;
        QTest::newRow("ips 2^32-1") << kIpsCount << 0xffffffffu;
        QTest::newRow("ips 2048, bytes for 2") << kIpsCount << 2048u;
        QTest::newRow("routes 101") << kRoutesCount << 101u;
        QTest::newRow("routes 2^32-1") << kRoutesCount << 0xffffffffu;
        QTest::newRow("mac length 2^32-4") << 12 << 0xfffffffcu;
    }
    void countsOverTheLimitOrNear2To32AreErrors()
    {
        QFETCH(int, offset);
        QFETCH(quint32, count);
        const QByteArray payload = payloadOf(handvectors::oneNicMessage());
        const auto r = NicInfoCodec::decodeGuestNicProto(withWord(payload, offset, count));
        QVERIFY(!r.ok());
        QVERIFY(!r.error().isEmpty());
    }

    void onlyVersion3IsAcceptedAndNothingMayFollow()
    {
        const QByteArray payload = payloadOf(handvectors::oneNicMessage());
        QVERIFY(!NicInfoCodec::decodeGuestNicProto(withWord(payload, 0, 2)).ok());
        QVERIFY(!NicInfoCodec::decodeGuestNicProto(withWord(payload, 0, 4)).ok());
        QVERIFY(!NicInfoCodec::decodeGuestNicProto(payload + '\0').ok());
        QVERIFY(!NicInfoCodec::decodeGuestNicProto(withWord(payload, 4, 2)).ok()); // bool 2

        const auto absent = NicInfoCodec::decodeGuestNicProto(hex("00000003 00000000"));
        QVERIFY(absent.ok());
        QVERIFY(absent->nics.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TstNicInfoCodec)
#include "tst_nicinfocodec.moc"
