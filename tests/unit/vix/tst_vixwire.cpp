#include "vix/codec/SecretBytes.h"
#include "vix/codec/VixBodyParser.h"
#include "vix/codec/VixObfuscation.h"
#include "vix/codec/WireReader.h"
#include "vix/codec/WireWriter.h"

#include <QtTest>

using namespace gk::vix;

class TestVixWire : public QObject
{
    Q_OBJECT

private slots:
    void readerReadsLittleEndianFields()
    {
        const QByteArray data = QByteArray::fromHex("0102030405060708090a0b0c0d0e0f");
        WireReader r(data);
        QCOMPARE(r.u8(), quint8(0x01));
        QCOMPARE(r.u16(), quint16(0x0302));
        QCOMPARE(r.u32(), quint32(0x07060504));
        QCOMPARE(r.u64(), quint64(0x0f0e0d0c0b0a0908));
        QVERIFY(r.ok());
        QVERIFY(r.atEnd());
    }

    void readerFailsForGoodAfterReadingPastTheEnd()
    {
        WireReader r(QByteArray("\x01\x02\x03", 3));
        QCOMPARE(r.u32(), 0u);
        QVERIFY(!r.ok());
        QCOMPARE(r.u8(), quint8(0)); // even a read that would fit now fails
        QCOMPARE(r.remaining(), 0);
    }

    void readerRefusesLengthsNearTwoToThe32()
    {
        WireReader r(QByteArray(16, 'x'));
        QVERIFY(r.bytes(0xFFFFFFFFull).isEmpty());
        QVERIFY(!r.ok());
        WireReader r2(QByteArray(16, 'x'));
        QVERIFY(!r2.has(0xFFFFFFFFFFFFFFFFull));
        QVERIFY(!r2.skip(0x100000000ull));
    }

    void subReaderStaysInsideItsRange()
    {
        const QByteArray data("abcdefgh");
        WireReader r(data);
        r.skip(2);
        WireReader sub = r.take(3);
        QCOMPARE(sub.bytes(3), QByteArray("cde"));
        QCOMPARE(sub.u8(), quint8(0));
        QVERIFY(!sub.ok());
        QVERIFY(r.ok());
        QCOMPARE(r.bytes(3), QByteArray("fgh"));
    }

    void invalidRangeGivesFailedReader()
    {
        WireReader r(QByteArray("abc"), 2, 10);
        QVERIFY(!r.ok());
        QCOMPARE(r.remaining(), 0);
    }

    void writerWritesLittleEndian()
    {
        WireWriter w;
        w.u16(0x0102).u32(0x03040506).u64(0x0708090a0b0c0d0e).cstring("x");
        QCOMPARE(w.data().toHex(), QByteArray("0201060504030e0d0c0b0a0908077800"));
    }

    void utf8ValidatorRejectsOverlongsSurrogatesAndTruncation()
    {
        QVERIFY(VixBodyParser::isValidUtf8("h\xc3\xa9llo", 6));
        QVERIFY(VixBodyParser::isValidUtf8("\xf0\x9f\x98\x80", 4));
        QVERIFY(!VixBodyParser::isValidUtf8("\xc0\xaf", 2));         // overlong '/'
        QVERIFY(!VixBodyParser::isValidUtf8("\xed\xa0\x80", 3));     // surrogate
        QVERIFY(!VixBodyParser::isValidUtf8("\xe2\x82", 2));         // truncated
        QVERIFY(!VixBodyParser::isValidUtf8("\xf4\x90\x80\x80", 4)); // above U+10FFFF
        QVERIFY(!VixBodyParser::isValidUtf8("\xff", 1));
    }

    void secretBytesCopiesDeeplyAndKeepsNulTerminator()
    {
        SecretBytes a(std::string_view("hunter2"));
        SecretBytes b = a;
        QVERIFY(a.constData() != b.constData());
        QCOMPARE(b.constData()[b.size()], '\0');
        QVERIFY(b == std::string_view("hunter2"));
        SecretBytes c = std::move(a);
        QVERIFY(a.isEmpty());
        QVERIFY(c == b);
        c.clear();
        QVERIFY(c.isEmpty());
        QCOMPARE(QByteArray(c.constData()), QByteArray());
    }

    void secretBytesTruncateWipesTheTail()
    {
        SecretBytes s(std::string_view("abcdef"));
        char *p = s.data();
        s.truncate(2);
        QVERIFY(s == std::string_view("ab"));
        QCOMPARE(p[2], '\0');
        QCOMPARE(p[5], '\0');
    }

    void obfuscationMatchesVixMsgObfuscateNamePassword()
    {
        // base64("root\0secret\0"), computed independently of the codec.
        const SecretBytes out = vixObfuscatePair(SecretBytes(std::string_view("root")),
                                                 SecretBytes(std::string_view("secret")));
        QVERIFY(out == std::string_view("cm9vdABzZWNyZXQA"));
    }

    void deobfuscationSplitsAtTheFirstNul()
    {
        const QByteArray text("cm9vdABzZWNyZXQA");
        const auto pair = vixDeobfuscatePair(text.constData(), text.size());
        QVERIFY(pair.ok());
        QVERIFY(pair->first == std::string_view("root"));
        QVERIFY(pair->second == std::string_view("secret"));
    }

    void deobfuscationUndoesEscapesAndSkipsWhitespace()
    {
        // "cm9v dABz\n" with the space written as the escape \4.
        const QByteArray text("cm9v\\4dABz\nZWNyZXQA");
        const auto pair = vixDeobfuscatePair(text.constData(), text.size());
        QVERIFY(pair.ok());
        QVERIFY(pair->first == std::string_view("root"));
        QVERIFY(pair->second == std::string_view("secret"));
    }

    void deobfuscationRefusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("bad escape") << QByteArray("cm9v\\9");
        QTest::newRow("escape at end") << QByteArray("cm9v\\");
        QTest::newRow("not base64") << QByteArray("cm9v*ABz");
        QTest::newRow("too short for a byte bound") << QByteArray("cm9");
    }
    void deobfuscationRefusesBadInput()
    {
        QFETCH(QByteArray, text);
        const auto pair = vixDeobfuscatePair(text.constData(), text.size());
        QVERIFY(!pair.ok());
        QCOMPARE(pair.error().code, VixErr::InvalidMessageBody);
    }

    void deobfuscationWithoutNulGivesEmptyPassword()
    {
        const QByteArray text = QByteArray("admin").toBase64();
        const auto pair = vixDeobfuscatePair(text.constData(), text.size());
        QVERIFY(pair.ok());
        QVERIFY(pair->first == std::string_view("admin"));
        QVERIFY(pair->second.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestVixWire)
#include "tst_vixwire.moc"
