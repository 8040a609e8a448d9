#include "vix/codec/VixConstants.h"
#include "vix/codec/VixPropertyList.h"
#include "vix/codec/VixReply.h"
#include "vix/codec/VixResultXml.h"

#include <QtTest>

using namespace gk::vix;

class TestVixReply : public QObject
{
    Q_OBJECT

private slots:
    void textReplyIsErrorAdditionalResultAndNul()
    {
        QCOMPARE(VixReply::encode(VixErr::Ok, 0, "4242", false), QByteArray("0 0 4242\0", 9));
        QCOMPARE(VixReply::encode(VixErr::FileNotFound, 2, {}, false), QByteArray("4 2 \0", 5));
    }

    void textReplyEndsAtTheResultsFirstNul()
    {
        QCOMPARE(VixReply::encode(VixErr::Ok, 0, QByteArray("12\0junk", 7), false),
                 QByteArray("0 0 12\0", 7));
    }

    void binaryReplyMarksTheDataWithHashAndHasNoNul()
    {
        const QByteArray packet("\x00\x01\x02", 3);
        QCOMPARE(VixReply::encode(VixErr::Ok, 0, packet, true), QByteArray("0 0 #\x00\x01\x02", 8));
    }

    void errorsPrintSignedLikeVmtoolsd()
    {
        // %lld of a 64-bit VixError and %d of the 32-bit additional error.
        const VixError withExtra = vixErrorWithExtra(VixErr::RegKeyInvalid, 0x80000005u);
        const QByteArray reply = VixReply::encode(withExtra, 0xFFFFFFFFu, {}, false);
        QCOMPARE(reply, QByteArray("-9223372015379919320 -1 \0", 25));
        QCOMPARE(vixAdditionalError(VixOp::CreateRegistryKey, withExtra, 7), 0x80000005u);
        QCOMPARE(vixAdditionalError(VixOp::ListFiles, withExtra, 7), 7u);
    }

    void oversizedResultBecomesOutOfMemory()
    {
        const QByteArray big(int(kVixMaxResultSize) + 1, 'x');
        QCOMPARE(VixReply::encode(VixErr::Ok, 0, big, true), QByteArray("2 0 #"));
        const QByteArray fits(int(kVixMaxResultSize), 'x');
        QCOMPARE(VixReply::encode(VixErr::Ok, 0, fits, false).size(), kVixMaxResultSize + 5);
    }

    void replyDecodesBothForms()
    {
        const auto t = VixReply::decode(QByteArray("3015 13 text\0", 13), false);
        QVERIFY(t.ok());
        QCOMPARE(t->error, VixErr::GuestUserPermissions);
        QCOMPARE(t->additionalError, 13u);
        QCOMPARE(t->result, QByteArray("text"));
        const auto b = VixReply::decode(QByteArray("0 0 #\0\1", 7), true);
        QVERIFY(b.ok());
        QCOMPARE(b->result, QByteArray("\0\1", 2));
        QVERIFY(!VixReply::decode("garbage", false).ok());
        QVERIFY(!VixReply::decode("0 0 nohash", true).ok());
    }

    void rewriteErrorMapsLoginFailuresOnOldOpsOnly()
    {
        QCOMPARE(vixRewriteError(VixOp::ListProcesses, VixErr::InvalidLoginCredentials),
                 VixErr::GuestUserPermissions);
        QCOMPARE(vixRewriteError(VixOp::StartProgram, VixErr::InvalidLoginCredentials),
                 VixErr::InvalidLoginCredentials);
        QCOMPARE(vixRewriteError(VixOp::ListProcesses, VixErr::FileNotFound), VixErr::FileNotFound);
    }

    void opNamesComeFromVixCommandsH()
    {
        QCOMPARE(QByteArray(vixOpName(VixOp::StartProgram)),
                 QByteArray("VIX_COMMAND_START_PROGRAM"));
        QCOMPARE(QByteArray(vixOpName(VixOp::HgfsSendPacket)),
                 QByteArray("VMXI_HGFS_SEND_PACKET_COMMAND"));
        QVERIFY(vixOpName(5) == nullptr); // deprecated GET_PROPERTY
    }

    void xmlEscapingUsesPercentHex()
    {
        QCOMPARE(VixXml::escape(QStringLiteral("a<b>&'\"%c\u00e9")),
                 QByteArray("a%3Cb%3E%26%27%22%25c\xc3\xa9"));
    }

    void xmlUnescapingUndoesEscapingAndKeepsLonePercents()
    {
        const QByteArray raw("a<b>&'\"%c\xc3\xa9\xff name");
        QCOMPARE(VixXml::unescape(VixXml::escape(raw)), raw);
        QCOMPARE(VixXml::unescape("100%"), QByteArray("100%"));
        QCOMPARE(VixXml::unescape("%zz%4"), QByteArray("%zz%4"));
    }

    void processEntriesMatchVmtoolsdFormat()
    {
        VixXml::ProcessInfo p;
        p.command = QStringLiteral("/bin/sleep");
        p.name = QStringLiteral("/bin/sleep 10 <x>");
        p.pid = 4321;
        p.owner = QStringLiteral("root");
        p.startTime = 1700000000;
        p.exitCode = 0;
        p.exitTime = 0;
        QCOMPARE(VixXml::processEx(p),
                 QByteArray("<proc><cmd>/bin/sleep</cmd><name>/bin/sleep 10 %3Cx%3E</name>"
                            "<pid>4321</pid><user>root</user><start>1700000000</start>"
                            "<eCode>0</eCode><eTime>0</eTime></proc>"));
        p.command = QString();
        QCOMPARE(VixXml::process(p, false),
                 QByteArray("<proc><name>/bin/sleep 10 <x></name><pid>4321</pid><user>root</user>"
                            "<start>1700000000</start></proc>"));
    }

    void listProcessesChunkHeaders()
    {
        QCOMPARE(
            VixXml::listProcessesFirstChunkHeader(5, 70000, 5000),
            QByteArray("<key>5</key><totalSize>70000</totalSize><leftToSend>5000</leftToSend>"));
        QCOMPARE(VixXml::listProcessesNextChunkHeader(0), QByteArray("<leftToSend>0</leftToSend>"));
        // sizeof the C format strings (with their NUL) plus 10 per number.
        QCOMPARE(VixXml::listProcessesFirstChunkHeaderReserve(), qsizetype(66 + 30));
        QCOMPARE(VixXml::listProcessesNextChunkHeaderReserve(), qsizetype(28 + 10));
    }

    void fileEntriesMatchVmtoolsdFormat()
    {
        VixXml::FileInfo f;
        f.name = QStringLiteral("a&b");
        f.flags = VixFileAttr::Symlink;
        f.size = 12;
        f.modTime = 1600000000;
        f.accessTime = 1600000001;
        f.ownerId = 1000;
        f.groupId = 1000;
        f.permissions = 0120777;
        f.symlinkTarget = QStringLiteral("t<");
        QCOMPARE(VixXml::fileExtendedInfoPosix(f),
                 QByteArray("<fxi><Name>a%26b</Name><ft>2</ft><fs>12</fs><mt>1600000000</mt>"
                            "<at>1600000001</at><uid>1000</uid><gid>1000</gid><perm>41471</perm>"
                            "<slt>t%3C</slt></fxi>"));
        QCOMPARE(
            VixXml::fileInfo(f, false),
            QByteArray("<FileInfo><Name>a&b</Name><FileFlags>2</FileFlags><FileSize>12</FileSize>"
                       "<ModTime>1600000000</ModTime></FileInfo>"));
        QCOMPARE(
            VixXml::fileExtendedInfoWindows(f),
            QByteArray("<fxi><Name>a%26b</Name><ft>2</ft><fs>12</fs><mt>1600000000</mt><ct>0</ct>"
                       "<at>1600000001</at></fxi>"));
        QCOMPARE(VixXml::listFilesPrefix(true, 7), QByteArray("1 <rem>7</rem>"));
        QCOMPARE(VixXml::listDirectoryPrefix(false), QByteArray("0 "));
    }

    void negativeSizesPrintUnsignedInExtendedInfo()
    {
        VixXml::FileInfo f;
        f.name = QStringLiteral("x");
        f.modTime = -1;
        QVERIFY(VixXml::fileExtendedInfoPosix(f).contains("<mt>18446744073709551615</mt>"));
    }

    void envAndFileSystemEntries()
    {
        QCOMPARE(VixXml::envVar(QStringLiteral("A"), QStringLiteral("x>y")),
                 QByteArray("<ev>A=x%3Ey</ev>"));
        QCOMPARE(VixXml::envVarEntry(QStringLiteral("B=%")), QByteArray("<ev>B=%25</ev>"));
        QCOMPARE(
            VixXml::fileSystem(QStringLiteral("/dev/sda1"), 100, 40, QStringLiteral("ext4"), false),
            QByteArray("<filesystem><name>/dev/sda1</name><size>100</size><freeSpace>40</freeSpace>"
                       "<type>ext4</type></filesystem>"));
    }

    void propertyListSerializesLikeVixPropertyList()
    {
        VixPropertyList l;
        l.addInt(VixProperty::GuestOsFamily, VixGuestOsFamily::Linux)
            .addString(VixProperty::GuestName, QStringLiteral("vm"))
            .addBool(VixProperty::GuestStartProgramEnabled, false)
            .addInt64(7, -2)
            .addBlob(8, QByteArray("\x01\x02", 2));
        // id, type, length, value; little-endian; written out from
        // foundryPropertyListCommon.c's layout.
        const QByteArray expected =
            QByteArray::fromHex("96110000 01000000 04000000 01000000"
                                "99110000 02000000 03000000 766d00"
                                "bc110000 03000000 01000000 00"
                                "07000000 05000000 08000000 feffffffffffffff"
                                "08000000 06000000 02000000 0102");
        QCOMPARE(l.serialize().toHex(), expected.toHex());
        const auto back = VixPropertyList::deserialize(l.serialize());
        QVERIFY(back.ok());
        QCOMPARE(back->properties().size(), 5);
        QCOMPARE(back->find(VixProperty::GuestName)->value.toString(), QStringLiteral("vm"));
        QCOMPARE(back->find(7)->value.value<qint64>(), qint64(-2));
        QCOMPARE(back->serialize(), l.serialize());
    }

    void malformedPropertyListsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("truncated header") << QByteArray::fromHex("01000000");
        QTest::newRow("length past end") << QByteArray::fromHex("010000000200000010000000616200");
        QTest::newRow("string without NUL") << QByteArray::fromHex("01000000020000000200000061 62");
        QTest::newRow("int of 3 bytes") << QByteArray::fromHex("01000000010000000300000001 0203");
        QTest::newRow("unknown type") << QByteArray::fromHex("010000000900000000000000");
    }
    void malformedPropertyListsAreRefused()
    {
        QFETCH(QByteArray, data);
        const auto l = VixPropertyList::deserialize(data);
        QVERIFY(!l.ok());
        QCOMPARE(l.error().code, VixErr::InvalidSerializedData);
    }
};

QTEST_GUILESS_MAIN(TestVixReply)
#include "tst_vixreply.moc"
