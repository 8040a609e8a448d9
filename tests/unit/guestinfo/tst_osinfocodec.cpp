#include "guestinfo/codec/GuestInfoDecoder.h"
#include "guestinfo/codec/OsInfoCodec.h"

#include <QtTest>

using namespace gk::guestinfo;

namespace {

// A C char[size] holding s and zero fill.
QByteArray cField(const QByteArray &s, int size)
{
    return s + QByteArray(size - s.size(), '\0');
}

OsDetailedFields debianFields()
{
    OsDetailedFields f;
    f.architecture = "X86";
    f.bitness = "64";
    f.distroName = "Debian GNU/Linux";
    f.distroVersion = "12";
    f.familyName = "Linux";
    f.kernelVersion = "6.1.0-18-amd64";
    f.prettyName = "Debian GNU/Linux 12 (bookworm)";
    return f;
}

} // namespace

class TstOsInfoCodec : public QObject
{
    Q_OBJECT

private slots:
    void formatsFieldsInOrderAndOmitsEmptyOnes()
    {
        QCOMPARE(OsInfoCodec::formatDetailedData(debianFields()),
                 QByteArray("architecture='X86' bitness='64' distroName='Debian GNU/Linux' "
                            "distroVersion='12' familyName='Linux' kernelVersion='6.1.0-18-amd64' "
                            "prettyName='Debian GNU/Linux 12 (bookworm)'"));
    }

    void escapesQuotesAndBackslashesAndDropsTrailingSpace()
    {
        OsDetailedFields f;
        f.architecture = "X86";
        f.prettyName = "It's a \\ test \t ";
        QCOMPARE(OsInfoCodec::formatDetailedData(f),
                 QByteArray("architecture='X86' prettyName='It\\'s a \\\\ test'"));
        const auto parsed = OsInfoCodec::parseDetailedData(OsInfoCodec::formatDetailedData(f));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->size(), 2);
        QCOMPARE(parsed->at(1).first, QByteArray("prettyName"));
        QCOMPARE(parsed->at(1).second, QByteArray("It's a \\ test"));
    }

    void aFieldOf1024BytesEmptiesTheWholeStringAsVmtoolsdDoes()
    {
        OsDetailedFields f = debianFields();
        // "cpeString='" + value + "'" = 12 + 1012 = 1024 bytes.
        f.cpeString = QByteArray(1012, 'c');
        QCOMPARE(OsInfoCodec::formatDetailedData(f), QByteArray());
        f.cpeString.chop(1);
        QVERIFY(OsInfoCodec::formatDetailedData(f).contains("cpeString='ccc"));
    }

    void encodesTheHeaderWithItsPaddingAsWrittenByHand()
    {
        OsDetailedInfo info;
        info.shortName = "debian12-64";
        info.fullName = "Debian GNU/Linux 12 (bookworm)";
        info.detailedData = "architecture='X86' bitness='64'";
        // uint32 version 1 little-endian, char[129], char[513], 2 bytes of
        // struct padding (646 -> 648), the string, its NUL.
        const QByteArray expected =
            QByteArray("SetGuestInfo  11 ") + QByteArray::fromHex("01000000") +
            cField("debian12-64", 129) + cField("Debian GNU/Linux 12 (bookworm)", 513) +
            QByteArray::fromHex("0000") + QByteArray("architecture='X86' bitness='64'") + '\0';
        QCOMPARE(expected.size(), 17 + 648 + 31 + 1);
        QCOMPARE(OsInfoCodec::encodeOsDetailedMessage(info), expected);

        const auto decoded = decodeGuestInfoMessage(expected);
        QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
        QVERIFY(std::get<OsDetailedInfo>(decoded.value()) == info);
    }

    void namesLongerThanTheirFieldsAreCut()
    {
        OsDetailedInfo info;
        info.shortName = QByteArray(200, 's');
        info.fullName = QByteArray(600, 'f');
        const QByteArray m = OsInfoCodec::encodeOsDetailedMessage(info);
        QCOMPARE(m.size(), 17 + 648 + 1);
        const auto decoded = decodeGuestInfoMessage(m);
        QVERIFY(decoded.ok());
        const auto &os = std::get<OsDetailedInfo>(decoded.value());
        QCOMPARE(os.shortName, QByteArray(128, 's'));
        QCOMPARE(os.fullName, QByteArray(512, 'f'));
    }

    void malformedPayloadsAreErrors()
    {
        OsDetailedInfo info;
        info.shortName = "x";
        info.detailedData = "a='b'";
        const QByteArray payload = OsInfoCodec::encodeOsDetailedMessage(info).mid(17);
        for (int len = 0; len < payload.size(); ++len)
            QVERIFY(!OsInfoCodec::decodeOsDetailedPayload(payload.left(len)).ok());
        QByteArray badVersion = payload;
        badVersion[0] = 2;
        QVERIFY(!OsInfoCodec::decodeOsDetailedPayload(badVersion).ok());
        QByteArray noNul = payload;
        noNul.replace(4, 129, QByteArray(129, 'x'));
        QVERIFY(!OsInfoCodec::decodeOsDetailedPayload(noNul).ok());

        QVERIFY(!OsInfoCodec::parseDetailedData("a='unterminated").ok());
        QVERIFY(!OsInfoCodec::parseDetailedData("novalue").ok());
        QVERIFY(!OsInfoCodec::parseDetailedData("='x'").ok());
        QVERIFY(!OsInfoCodec::parseDetailedData("a b='x'").ok());
    }
};

QTEST_APPLESS_MAIN(TstOsInfoCodec)
#include "tst_osinfocodec.moc"
