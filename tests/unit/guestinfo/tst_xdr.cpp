#include "guestinfo/codec/XdrReader.h"
#include "guestinfo/codec/XdrWriter.h"

#include <QtTest>

using namespace gk::guestinfo;

class TstXdr : public QObject
{
    Q_OBJECT

private slots:
    void writerUsesBigEndianFourByteUnits()
    {
        XdrWriter w;
        w.putUint32(0x01020304);
        w.putInt32(-2);
        w.putBool(true);
        w.putUint64(0x1122334455667788ULL);
        QCOMPARE(w.bytes(), QByteArray::fromHex("01020304 fffffffe 00000001 11223344 55667788"));
    }

    void writerPadsOpaqueToFourBytes_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("wire");
        QTest::newRow("empty") << QByteArray() << QByteArray::fromHex("00000000");
        QTest::newRow("1") << QByteArray("a") << QByteArray::fromHex("00000001 61000000");
        QTest::newRow("2") << QByteArray("ab") << QByteArray::fromHex("00000002 61620000");
        QTest::newRow("3") << QByteArray("abc") << QByteArray::fromHex("00000003 61626300");
        QTest::newRow("4") << QByteArray("abcd") << QByteArray::fromHex("00000004 61626364");
        QTest::newRow("5") << QByteArray("abcde")
                           << QByteArray::fromHex("00000005 61626364 65000000");
    }
    void writerPadsOpaqueToFourBytes()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, wire);
        XdrWriter w;
        w.putOpaque(value);
        QCOMPARE(w.bytes(), wire);
        QCOMPARE(XdrWriter::opaqueSize(value.size()), wire.size());

        XdrReader r(wire);
        QByteArray back;
        QVERIFY(r.readOpaque(back, 255, "opaque"));
        QCOMPARE(back, value);
        QVERIFY(r.atEnd());
    }

    void readerReadsWhatTheWriterWrote()
    {
        const QByteArray wire = QByteArray::fromHex("01020304 fffffffe 00000001 11223344 55667788");
        XdrReader r(wire);
        quint32 u = 0;
        qint32 i = 0;
        bool b = false;
        quint64 q = 0;
        QVERIFY(r.readUint32(u) && r.readInt32(i) && r.readBool(b, "b") && r.readUint64(q));
        QCOMPARE(u, 0x01020304u);
        QCOMPARE(i, -2);
        QVERIFY(b);
        QCOMPARE(q, 0x1122334455667788ULL);
        QVERIFY(r.atEnd());
    }

    void readerFailsOnShortInputAndStaysFailed()
    {
        XdrReader r(QByteArray::fromHex("000000"));
        quint32 u = 7;
        QVERIFY(!r.readUint32(u));
        QVERIFY(r.failed());
        QVERIFY(r.error().contains(QLatin1String("truncated")));
        XdrReader ok(QByteArray::fromHex("00000001"));
        QVERIFY(!ok.fail(QStringLiteral("first")));
        QVERIFY(!ok.readUint32(u));
        QVERIFY(ok.error().startsWith(QLatin1String("first")));
    }

    void readerRejectsBooleanOtherThanZeroOrOne()
    {
        XdrReader r(QByteArray::fromHex("00000002"));
        bool b = false;
        QVERIFY(!r.readBool(b, "flag"));
        QVERIFY(r.error().contains(QLatin1String("flag")));
    }

    void readerRejectsOpaqueOverItsLimitOrPastTheEnd()
    {
        XdrReader over(QByteArray::fromHex("00000005 6162636465000000"));
        QByteArray out;
        QVERIFY(!over.readOpaque(out, 4, "opaque"));
        QVERIFY(over.error().contains(QLatin1String("limit")));

        // A length near 2^32 passes a large limit but not the bytes present.
        XdrReader huge(QByteArray::fromHex("fffffffc 61626364"));
        QVERIFY(!huge.readOpaque(out, 0xffffffffu, "opaque"));
        QVERIFY(huge.error().contains(QLatin1String("truncated")));

        // Padding missing at the end.
        XdrReader pad(QByteArray::fromHex("00000001 61"));
        QVERIFY(!pad.readOpaque(out, 16, "opaque"));
    }

    void readerRejectsCountsOverTheLimitOrTheBytesLeft()
    {
        quint32 n = 0;
        XdrReader over(QByteArray::fromHex("00000011"));
        QVERIFY(!over.readCount(n, 16, 4, "nics"));
        XdrReader huge(QByteArray::fromHex("ffffffff 00000000"));
        QVERIFY(!huge.readCount(n, 0xffffffffu, 4, "items"));
        QVERIFY(huge.error().contains(QLatin1String("cannot fit")));
        XdrReader fits(QByteArray::fromHex("00000002 00000000 00000000"));
        QVERIFY(fits.readCount(n, 16, 4, "items"));
        QCOMPARE(n, 2u);
    }
};

QTEST_APPLESS_MAIN(TstXdr)
#include "tst_xdr.moc"
