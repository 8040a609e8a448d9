// The vsock framing (open-vm-tools lib/dataMap/dataMap.c and the GuestRPC
// packet of tclodefs.h): round trips, the byte layout, and malformed packets
// rejected with an error instead of a crash.
#include "channel/DataMapCodec.h"

#include <QtTest>

using namespace gk::channel;

namespace {

QByteArray be32(quint32 v)
{
    QByteArray b(4, '\0');
    qToBigEndian<quint32>(v, b.data());
    return b;
}

// A packet from raw field bytes, with the right length prefix.
QByteArray packet(const QByteArray &content)
{
    return be32(quint32(content.size())) + content;
}

QByteArray stringField(qint32 id, const QByteArray &s)
{
    return be32(2) + be32(quint32(id)) + be32(quint32(s.size())) + s;
}

QByteArray int64Field(qint32 id, qint64 v)
{
    return be32(1) + be32(quint32(id)) + be32(quint32(quint64(v))) +
           be32(quint32(quint64(v) >> 32));
}

} // namespace

class TstDataMap : public QObject
{
    Q_OBJECT

private slots:
    void dataPacketHasTypeThenPayloadInVmtoolsdLayout()
    {
        const QByteArray wire = GuestRpcPacket::data("OK ").encode();
        QCOMPARE(wire, packet(int64Field(1, 1) + stringField(2, "OK ")));
        // Length, then type 1 (int64), id 1, low word 1, high word 0.
        QCOMPARE(wire.left(20), QByteArray::fromHex("0000001f"
                                                    "0000000100000001"
                                                    "0000000100000000"));
    }

    void pingPacketHasNoPayloadField()
    {
        QCOMPARE(GuestRpcPacket::ping().encode(), packet(int64Field(1, 2)));
        // An empty reply is sent the way vmtoolsd sends it: the type alone.
        QCOMPARE(GuestRpcPacket::data({}).encode(), packet(int64Field(1, 1)));
    }

    void int64IsLowWordFirstEachWordBigEndian()
    {
        DataMap map;
        map.set(7, qint64(0x0102030405060708LL));
        QCOMPARE(map.serialize().mid(12), QByteArray::fromHex("0506070801020304"));
        map.set(7, qint64(-2));
        QCOMPARE(map.serialize().mid(12), QByteArray::fromHex("fffffffeffffffff"));
        QString error;
        QCOMPARE(DataMap::parsePacket(map.serialize(), &error)->int64(7), qint64(-2));
    }

    void everyFieldTypeRoundTrips()
    {
        DataMap map;
        map.set(1, qint64(-9));
        map.set(2, QByteArray("bin\0ary\xff", 8));
        map.set(3, QList<qint64>{0, 1, -1, 0x7fffffffffffffffLL});
        map.set(4, QList<QByteArray>{"a", {}, QByteArray(300, 'z')});
        map.set(-5, QList<qint64>{});
        QString error;
        const auto back = DataMap::parsePacket(map.serialize(), &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == map);
        QCOMPARE(back->typeOf(3), DataMapType::Int64List);
        QVERIFY(!back->typeOf(99));
        QCOMPARE(back->string(2), QByteArray("bin\0ary\xff", 8));
        QVERIFY(!back->string(1)); // wrong type: no value
    }

    void guestRpcPacketsRoundTripWithBinaryAndLargePayloads()
    {
        for (const QByteArray &payload :
             {QByteArray("reset"), QByteArray(1, '\0'), QByteArray(64 * 1024, '\x80')}) {
            QString error;
            const auto map = DataMap::parsePacket(GuestRpcPacket::data(payload).encode(), &error);
            QVERIFY2(map, qPrintable(error));
            const auto p = GuestRpcPacket::decode(*map, &error);
            QVERIFY2(p, qPrintable(error));
            QCOMPARE(p->type, GuestRpcPacket::Type::Data);
            QCOMPARE(p->payload, payload);
        }
    }

    void fieldOrderIsFree()
    {
        QString error;
        const auto map =
            DataMap::parsePacket(packet(stringField(2, "ping") + int64Field(1, 1)), &error);
        QVERIFY2(map, qPrintable(error));
        QCOMPARE(GuestRpcPacket::decode(*map, &error)->payload, QByteArray("ping"));
    }

    void zeroLengthStringIsAnEmptyPayload()
    {
        // dataMap.c accepts a string of length 0; the payload is then empty.
        QString error;
        const auto map =
            DataMap::parsePacket(packet(int64Field(1, 1) + stringField(2, {})), &error);
        QVERIFY2(map, qPrintable(error));
        const auto p = GuestRpcPacket::decode(*map, &error);
        QVERIFY(p);
        QVERIFY(p->payload.isEmpty());
    }

    void duplicateFieldIsRejected()
    {
        QString error;
        QVERIFY(!DataMap::parsePacket(packet(int64Field(1, 1) + int64Field(1, 1)), &error));
        QVERIFY2(error.contains(QLatin1String("twice")), qPrintable(error));
    }

    void unknownFieldTypeIsRejectedUnknownFieldIdIgnored()
    {
        QString error;
        QVERIFY(!DataMap::parsePacket(packet(be32(5) + be32(1) + be32(0)), &error));
        QVERIFY(error.contains(QLatin1String("unknown type")));
        QVERIFY(!DataMap::parsePacket(packet(be32(0) + be32(1)), &error));
        // An id the packet does not define is carried but does not matter.
        const auto map = DataMap::parsePacket(
            packet(int64Field(1, 1) + stringField(2, "x") + int64Field(42, 7)), &error);
        QVERIFY2(map, qPrintable(error));
        QCOMPARE(GuestRpcPacket::decode(*map, &error)->payload, QByteArray("x"));
    }

    void lengthsPastTheEndAreRejected()
    {
        QString error;
        // A string claiming more bytes than there are.
        QVERIFY(!DataMap::parsePacket(packet(be32(2) + be32(2) + be32(10) + "abc"), &error));
        // A negative string length.
        QVERIFY(!DataMap::parsePacket(packet(be32(2) + be32(2) + be32(0xffffffff)), &error));
        // Lists whose count needs more bytes than remain (checked before reserving).
        QVERIFY(!DataMap::parsePacket(packet(be32(3) + be32(2) + be32(0x7fffffff)), &error));
        QVERIFY(!DataMap::parsePacket(packet(be32(4) + be32(2) + be32(0x10000000)), &error));
        QVERIFY(
            !DataMap::parsePacket(packet(be32(4) + be32(2) + be32(1) + be32(5) + "ab"), &error));
        // A truncated int64 and a truncated header.
        QVERIFY(!DataMap::parsePacket(packet(be32(1) + be32(1) + be32(1)), &error));
        QVERIFY(!DataMap::parsePacket(packet(be32(1) + QByteArray(2, '\0')), &error));
        // The prefix disagrees with the bytes there.
        QVERIFY(!DataMap::parsePacket(be32(100) + int64Field(1, 1), &error));
        QVERIFY(!DataMap::parsePacket(QByteArray(3, '\0'), &error));
    }

    void packetWithoutPayloadOrWithWrongTypesIsRejected()
    {
        QString error;
        auto decode = [&](const QByteArray &content) {
            const auto map = DataMap::parsePacket(packet(content), &error);
            return map ? GuestRpcPacket::decode(*map, &error) : std::nullopt;
        };
        // Data without payload: an empty answer (the transport decides if allowed).
        const auto bare = decode(int64Field(1, 1));
        QVERIFY(bare && !bare->hasPayload && bare->payload.isEmpty());
        QVERIFY(!decode(int64Field(1, 3) + stringField(2, "x"))); // unknown packet type
        QVERIFY(!decode(stringField(1, "x") + stringField(2, "x")));
        QVERIFY(!decode(int64Field(1, 1) + int64Field(2, 5)));
        QVERIFY(!decode(stringField(2, "x") + stringField(3, "y")));
        const auto ping = decode(int64Field(1, 2));
        QVERIFY(ping);
        QCOMPARE(ping->type, GuestRpcPacket::Type::Ping);
        const auto fast = decode(int64Field(1, 1) + stringField(2, "x") + int64Field(3, 1));
        QVERIFY(fast);
        QCOMPARE(fast->fastClose, qint64(1));
    }

    void capsOnSizeAndFieldCount()
    {
        QString error;
        QVERIFY(!DataMap::parsePacket(be32(quint32(kDataMapMaxPacket) + 1), &error));
        QByteArray many;
        for (int i = 0; i <= kDataMapMaxFields; ++i)
            many += int64Field(i, i);
        QVERIFY(!DataMap::parsePacket(packet(many), &error));
        DataMapPacketReader reader;
        reader.feed(be32(quint32(kDataMapMaxPacket) + 1));
        QVERIFY(!reader.next());
        QVERIFY(reader.failed());
    }

    void readerSplitsAStreamAtEveryBoundary()
    {
        const QByteArray a = GuestRpcPacket::data("reset").encode();
        const QByteArray b = GuestRpcPacket::ping().encode();
        const QByteArray wire = a + b;
        for (qsizetype cut = 0; cut <= wire.size(); ++cut) {
            DataMapPacketReader reader;
            QList<QByteArray> out;
            reader.feed(wire.left(cut));
            while (auto p = reader.next())
                out.append(*p);
            reader.feed(wire.mid(cut));
            while (auto p = reader.next())
                out.append(*p);
            QCOMPARE(out, (QList<QByteArray>{a, b}));
            QCOMPARE(reader.pending(), 0);
        }
    }
};

QTEST_GUILESS_MAIN(TstDataMap)
#include "tst_datamap.moc"
