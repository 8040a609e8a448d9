#include "HandVectors.h"

#include "guestinfo/codec/DiskInfoCodec.h"
#include "guestinfo/codec/GuestInfoDecoder.h"
#include "guestinfo/codec/GuestInfoMessage.h"

#include <QtTest>

using namespace gk::guestinfo;

namespace {

QList<DiskPartition> twoDisks()
{
    DiskPartition root{"/", 1000, 2000, "ext4", {}, {"scsi0:0"}};
    DiskPartition boot{"/boot", 5, 10, {}, {}, {}};
    return {root, boot};
}

} // namespace

class TstDiskInfoCodec : public QObject
{
    Q_OBJECT

private slots:
    void encodesJsonExactlyAsVmtoolsdFormatsIt()
    {
        // base64("/") = "Lw==", base64("/boot") = "L2Jvb3Q="
        QByteArray expected("SetGuestDiskInfo {\n\"version\":\"1\",\n\"disks\":[\n"
                            "{\"name\":\"Lw==\",\"free\":\"1000\",\"size\":\"2000\","
                            "\"fstype\":\"ext4\",\"devices\":[\"scsi0:0\"]},\n"
                            "{\"name\":\"L2Jvb3Q=\",\"free\":\"5\",\"size\":\"10\"}\n"
                            "]}");
        expected.append('\0');
        QCOMPARE(DiskInfoCodec::encodeJsonMessage(twoDisks()), expected);

        const auto decoded = decodeGuestInfoMessage(expected);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
        const auto &rec = std::get<DiskInfoRecord>(decoded.value());
        QVERIFY(rec.json);
        QVERIFY(rec.partitions == twoDisks());
    }

    void encodesAnEmptyDiskList()
    {
        QByteArray expected("SetGuestDiskInfo {\n\"version\":\"1\",\n\"disks\":[\n]}");
        expected.append('\0');
        QCOMPARE(DiskInfoCodec::encodeJsonMessage({}), expected);
    }

    void leavesOutFieldsThatWouldBreakTheJson()
    {
        DiskPartition p{"/a\"b", 1, 2, "we\"ird", {}, {"scsi0:0", ""}};
        const QByteArray m = DiskInfoCodec::encodeJsonMessage({p});
        QVERIFY(!m.contains("fstype"));
        QVERIFY(!m.contains("devices")); // one unknown device: none reported
        const auto back = DiskInfoCodec::decodeJsonMessage(m);
        QVERIFY(back.ok());
        QCOMPARE(back->at(0).name, QByteArray("/a\"b"));
    }

    void dropsTrailingDisksToStayUnder64KiB()
    {
        QList<DiskPartition> many;
        for (int i = 0; i < 1000; ++i)
            many.append(DiskPartition{
                QByteArray(99, 'm') + QByteArray::number(i), 1, 2, "ext4", {}, {"scsi0:0"}});
        qsizetype sent = 0;
        const QByteArray m = DiskInfoCodec::encodeJsonMessage(many, &sent);
        QVERIFY(m.size() <= GuestInfoMessage::kMaxMessageSize);
        QVERIFY(sent > 100 && sent < 1000);
        const auto back = DiskInfoCodec::decodeJsonMessage(m);
        QVERIFY2(back.ok(), qPrintable(back.error()));
        QCOMPARE(back->size(), sent);
        QCOMPARE(back->first().name, QByteArray(99, 'm')); // name cut to 99 bytes
    }

    void encodesTheV0BinaryFormAsWrittenByHand()
    {
        DiskPartition root{"/", 1000, 2000, {}, {}, {}};
        // uint8 count, then packed {uint64 free LE, uint64 total LE,
        // char name[100]}, then the two zero bytes vmtoolsd over-allocates.
        const QByteArray expected = QByteArray("SetGuestInfo  3 ") + QByteArray::fromHex("01") +
                                    QByteArray::fromHex("e803000000000000") +
                                    QByteArray::fromHex("d007000000000000") + QByteArray("/") +
                                    QByteArray(99, '\0') + QByteArray(2, '\0');
        QCOMPARE(DiskInfoCodec::encodeV0Message({root}), expected);
        const auto decoded = decodeGuestInfoMessage(expected);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
        const auto &rec = std::get<DiskInfoRecord>(decoded.value());
        QVERIFY(!rec.json);
        QVERIFY(rec.partitions == QList<DiskPartition>{root});
    }

    void v0KeepsAtMost255Partitions()
    {
        const auto many = handvectors::repeated(300, DiskPartition{"/x", 1, 2, {}, {}, {}});
        const QByteArray m = DiskInfoCodec::encodeV0Message(many);
        QCOMPARE(m.size(), 16 + 1 + 255 * 116 + 2);
        QCOMPARE(uchar(m[16]), uchar(255));
        QVERIFY(m.size() <= GuestInfoMessage::kMaxMessageSize);
    }

    void malformedDiskInfoIsAnError_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("not json") << QByteArray("SetGuestDiskInfo {\"version\":");
        QTest::newRow("version 2")
            << QByteArray("SetGuestDiskInfo {\"version\":\"2\",\"disks\":[]}");
        QTest::newRow("no disks") << QByteArray("SetGuestDiskInfo {\"version\":\"1\"}");
        QTest::newRow("bad base64")
            << QByteArray("SetGuestDiskInfo {\"version\":\"1\",\"disks\":[{\"name\":\"*\","
                          "\"free\":\"1\",\"size\":\"2\"}]}");
        QTest::newRow("numeric free")
            << QByteArray("SetGuestDiskInfo {\"version\":\"1\",\"disks\":[{\"name\":\"Lw==\","
                          "\"free\":1,\"size\":\"2\"}]}");
        QTest::newRow("negative size")
            << QByteArray("SetGuestDiskInfo {\"version\":\"1\",\"disks\":[{\"name\":\"Lw==\","
                          "\"free\":\"1\",\"size\":\"-2\"}]}");
        QTest::newRow("disk not object")
            << QByteArray("SetGuestDiskInfo {\"version\":\"1\",\"disks\":[7]}");
        QTest::newRow("v0 empty") << QByteArray("SetGuestInfo  3 ");
        QTest::newRow("v0 short") << QByteArray("SetGuestInfo  3 ") + char(2) +
                                         QByteArray(200, 'a');
        QTest::newRow("v0 name without NUL")
            << QByteArray("SetGuestInfo  3 ") + char(1) + QByteArray(116, 'a');
    }
    void malformedDiskInfoIsAnError()
    {
        QFETCH(QByteArray, message);
        const auto r = decodeGuestInfoMessage(message);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().isEmpty());
    }
};

QTEST_APPLESS_MAIN(TstDiskInfoCodec)
#include "tst_diskinfocodec.moc"
