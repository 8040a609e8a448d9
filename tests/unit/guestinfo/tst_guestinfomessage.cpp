#include "HandVectors.h"

#include "guestinfo/codec/GuestInfoDecoder.h"
#include "guestinfo/codec/GuestInfoMessage.h"

#include <QtTest>

using namespace gk::guestinfo;

namespace {

QByteArray withNul(const char *s)
{
    QByteArray b(s);
    b.append('\0');
    return b;
}

} // namespace

class TstGuestInfoMessage : public QObject
{
    Q_OBJECT

private slots:
    void kindNumbersMatchGuestInfoH()
    {
        // guestInfo.h GuestInfoType, counted from INFO_ERROR = 0.
        QCOMPARE(quint32(GuestInfoKind::DnsName), 1u);
        QCOMPARE(quint32(GuestInfoKind::DiskFreeSpace), 3u);
        QCOMPARE(quint32(GuestInfoKind::BuildNumber), 4u);
        QCOMPARE(quint32(GuestInfoKind::OsNameFull), 5u);
        QCOMPARE(quint32(GuestInfoKind::OsName), 6u);
        QCOMPARE(quint32(GuestInfoKind::Uptime), 7u);
        QCOMPARE(quint32(GuestInfoKind::IpAddressV2), 9u);
        QCOMPARE(quint32(GuestInfoKind::IpAddressV3), 10u);
        QCOMPARE(quint32(GuestInfoKind::OsDetailed), 11u);
    }

    void textKindsCarryTheValueAndItsNul()
    {
        QCOMPARE(GuestInfoMessage::dnsName("vm1").value(), withNul("SetGuestInfo  1 vm1"));
        QCOMPARE(GuestInfoMessage::buildNumber("build-25218885").value(),
                 withNul("SetGuestInfo  4 build-25218885"));
        QCOMPARE(GuestInfoMessage::osNameFull("Debian GNU/Linux 12 (bookworm)").value(),
                 withNul("SetGuestInfo  5 Debian GNU/Linux 12 (bookworm)"));
        QCOMPARE(GuestInfoMessage::osName("debian12-64").value(),
                 withNul("SetGuestInfo  6 debian12-64"));
        QCOMPARE(GuestInfoMessage::uptime(1234567), withNul("SetGuestInfo  7 1234567"));
        QCOMPARE(GuestInfoMessage::dnsName("").value(), withNul("SetGuestInfo  1 "));
    }

    void textValuesWithNulOrOver64KiBAreRefused()
    {
        QVERIFY(!GuestInfoMessage::dnsName(QByteArray("a\0b", 3)).ok());
        QVERIFY(!GuestInfoMessage::osNameFull(QByteArray(70000, 'x')).ok());
    }

    void decodesEachTextKind_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<quint32>("kind");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("dns") << withNul("SetGuestInfo  1 vm1.example.com") << 1u
                             << QByteArray("vm1.example.com");
        QTest::newRow("build") << withNul("SetGuestInfo  4 build-1") << 4u << QByteArray("build-1");
        QTest::newRow("full") << withNul("SetGuestInfo  5 Linux 6") << 5u << QByteArray("Linux 6");
        QTest::newRow("short") << withNul("SetGuestInfo  6 other6xlinux-64") << 6u
                               << QByteArray("other6xlinux-64");
        QTest::newRow("uptime") << withNul("SetGuestInfo  7 100") << 7u << QByteArray("100");
        QTest::newRow("no NUL") << QByteArray("SetGuestInfo  7 100") << 7u << QByteArray("100");
    }
    void decodesEachTextKind()
    {
        QFETCH(QByteArray, message);
        QFETCH(quint32, kind);
        QFETCH(QByteArray, value);
        const auto r = decodeGuestInfoMessage(message);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const auto &text = std::get<TextInfo>(r.value());
        QCOMPARE(quint32(text.kind), kind);
        QCOMPARE(text.value, value);
    }

    void decodesTheNicMessage()
    {
        const auto r = decodeGuestInfoMessage(handvectors::oneNicMessage());
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const auto &nic = std::get<NicInfoRecord>(r.value());
        QCOMPARE(nic.kind, GuestInfoKind::IpAddressV3);
        QVERIFY(nic.info == handvectors::oneNicTree());
    }

    void malformedEnvelopesAreErrors_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("other command") << QByteArray("info-set guestinfo.x 1");
        QTest::newRow("one space") << withNul("SetGuestInfo 1 vm1");
        QTest::newRow("no kind") << withNul("SetGuestInfo   vm1");
        QTest::newRow("no space after kind") << QByteArray("SetGuestInfo  1");
        QTest::newRow("kind 0") << withNul("SetGuestInfo  0 x");
        QTest::newRow("kind 12") << withNul("SetGuestInfo  12 x");
        QTest::newRow("kind 4294967306") << withNul("SetGuestInfo  4294967306 x");
        QTest::newRow("memory") << QByteArray("SetGuestInfo  8 ") + QByteArray(64, '\0');
        QTest::newRow("v1 nic") << QByteArray("SetGuestInfo  2 ") + QByteArray(64, '\0');
        QTest::newRow("over 64 KiB") << QByteArray("SetGuestInfo  1 ") + QByteArray(65536, 'a');
        QTest::newRow("nic truncated") << handvectors::oneNicMessage().chopped(1);
    }
    void malformedEnvelopesAreErrors()
    {
        QFETCH(QByteArray, message);
        const auto r = decodeGuestInfoMessage(message);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().isEmpty());
    }
};

QTEST_APPLESS_MAIN(TstGuestInfoMessage)
#include "tst_guestinfomessage.moc"
