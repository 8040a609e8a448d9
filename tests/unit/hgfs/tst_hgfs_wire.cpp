// The bounds-checked reader/writer, CP names, status mapping and NT times.
#include "hgfs/codec/HgfsNames.h"
#include "hgfs/codec/HgfsStatusMap.h"
#include "hgfs/codec/HgfsTime.h"
#include "hgfs/codec/HgfsWireReader.h"
#include "hgfs/codec/HgfsWireWriter.h"

#include <QtTest>

using namespace gk::hgfs;

static_assert(opValue(HgfsOp::OpenV2) == 14);
static_assert(opValue(HgfsOp::OpenV3) == 24);
static_assert(opValue(HgfsOp::ReadV3) == 25);
static_assert(opValue(HgfsOp::WriteV3) == 26);
static_assert(opValue(HgfsOp::CreateSessionV4) == 41);
static_assert(opValue(HgfsOp::SetEasV4) == 64);
static_assert(opValue(HgfsOp::Max) == 65);
static_assert(quint32(HgfsStatus::TransportError) == 19);
static_assert(kLargePacketMax == 0x7F800);
static_assert(kLegacyLargePacketMax == 0xF800);

class TstHgfsWire : public QObject
{
    Q_OBJECT

private slots:
    void readerDecodesLittleEndianFields()
    {
        HgfsWireReader r(QByteArray::fromHex("ab"
                                             "04030201"
                                             "0807060504030201"));
        quint8 a = 0;
        quint32 b = 0;
        quint64 c = 0;
        QVERIFY(r.readU8(a) && r.readU32(b) && r.readU64(c));
        QCOMPARE(a, quint8(0xab));
        QCOMPARE(b, 0x01020304u);
        QCOMPARE(c, Q_UINT64_C(0x0102030405060708));
        QVERIFY(r.atEnd());
    }

    void readerFailsAndStaysFailedPastTheEnd()
    {
        HgfsWireReader r(QByteArray::fromHex("010203"));
        quint32 v = 0;
        QVERIFY(!r.readU32(v));
        QVERIFY(r.failed());
        quint8 b = 0;
        QVERIFY(!r.readU8(b)); // the three bytes present are not handed out afterwards
        QCOMPARE(r.remaining(), quint64(0));
    }

    void readerRefusesLengthsNearTwoToThe64()
    {
        HgfsWireReader r(QByteArray(16, 'x'));
        QByteArray out;
        QVERIFY(r.skip(4));
        QVERIFY(!r.readBytes(~quint64(0), out));
        QVERIFY(!r.readBytes(~quint64(0) - 3, out));
        QVERIFY(out.isEmpty());
    }

    void readerRefusesLengthsNearTwoToThe32()
    {
        HgfsWireReader r(QByteArray(64, 'x'));
        QByteArray out;
        QVERIFY(!r.readBytes(0xFFFFFFFFu, out));
    }

    void writerProducesLittleEndianBytes()
    {
        HgfsWireWriter w;
        w.u8(1).u32(0x11223344).u64(Q_UINT64_C(0x8877665544332211)).zeros(2).bytes("ab");
        QCOMPARE(w.data().toHex(), QByteArray("01"
                                              "44332211"
                                              "1122334455667788"
                                              "0000"
                                              "6162"));
    }

    void cpNameSplitsOnNul()
    {
        auto d = HgfsNames::decodeCpName(QByteArray("root\0tmp\0a b.txt", 16));
        QVERIFY(d.ok());
        QCOMPARE(d.value, (QStringList{"root", "tmp", "a b.txt"}));
        QCOMPARE(HgfsNames::encodeCpName(d.value), QByteArray("root\0tmp\0a b.txt", 16));
    }

    void cpNameCollapsesRunsOfSeparatorsLikeCpNameC()
    {
        auto d = HgfsNames::decodeCpName(QByteArray("root\0\0\0tmp", 10));
        QVERIFY(d.ok());
        QCOMPARE(d.value, (QStringList{"root", "tmp"}));
    }

    void cpNameEmptyIsTheEmptyList()
    {
        auto d = HgfsNames::decodeCpName({});
        QVERIFY(d.ok());
        QVERIFY(d.value.isEmpty());
    }

    void cpNameRefusesDotDotAndDotAsInvalidName_data()
    {
        QTest::addColumn<QByteArray>("cp");
        QTest::newRow("dotdot") << QByteArray("root\0..\0etc", 11);
        QTest::newRow("dotdot last") << QByteArray("root\0tmp\0..", 11);
        QTest::newRow("dot") << QByteArray("root\0.\0tmp", 10);
        QTest::newRow("leading nul") << QByteArray("\0root", 5);
        QTest::newRow("trailing nul") << QByteArray("root\0", 5);
        QTest::newRow("slash in component") << QByteArray("root\0a/../b", 11);
        QTest::newRow("backslash in component") << QByteArray("root\0a\\b", 8);
        QTest::newRow("not utf-8") << QByteArray("root\0\xff\xfe", 7);
    }
    void cpNameRefusesDotDotAndDotAsInvalidName()
    {
        QFETCH(QByteArray, cp);
        auto d = HgfsNames::decodeCpName(cp);
        QVERIFY(!d.ok());
        QCOMPARE(d.status, HgfsStatus::InvalidName);
        QVERIFY(!d.error.isEmpty());
    }

    void cpNameKeepsNonAsciiUtf8()
    {
        const QString name = QStringLiteral("d\u00e9j\u00e0 \u4e2d");
        auto d = HgfsNames::decodeCpName(HgfsNames::encodeCpName({"root", name}));
        QVERIFY(d.ok());
        QCOMPARE(d.value.at(1), name);
    }

    void rootShareIsStrippedAndOtherSharesDoNotExist()
    {
        auto ok = HgfsNames::stripRootShare({"root", "tmp", "x"});
        QVERIFY(ok.ok());
        QCOMPARE(ok.value, (QStringList{"tmp", "x"}));
        QCOMPARE(HgfsNames::stripRootShare({"music", "x"}).status, HgfsStatus::NoSuchFileOrDir);
        QCOMPARE(HgfsNames::stripRootShare({}).status, HgfsStatus::InvalidName);
        QCOMPARE(HgfsNames::withRootShare({"tmp"}), (QStringList{"root", "tmp"}));
    }

    void errorKindsMapToTheStatusHgfsUtilCGives_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        auto row = [](const char *n, HgfsErrorKind k, HgfsStatus s) {
            QTest::newRow(n) << int(k) << int(s);
        };
        row("none", HgfsErrorKind::None, HgfsStatus::Success);
        row("ENOENT", HgfsErrorKind::NotFound, HgfsStatus::NoSuchFileOrDir);
        row("EEXIST", HgfsErrorKind::Exists, HgfsStatus::FileExists);
        row("EISDIR", HgfsErrorKind::IsADirectory, HgfsStatus::FileExists);
        row("ENOTDIR", HgfsErrorKind::NotADirectory, HgfsStatus::NotDirectory);
        row("ENOTEMPTY", HgfsErrorKind::NotEmpty, HgfsStatus::DirNotEmpty);
        row("EACCES", HgfsErrorKind::PermissionDenied, HgfsStatus::AccessDenied);
        row("EPERM", HgfsErrorKind::OperationNotPermitted, HgfsStatus::OperationNotPermitted);
        row("EINVAL", HgfsErrorKind::InvalidName, HgfsStatus::InvalidName);
        row("param", HgfsErrorKind::InvalidParameter, HgfsStatus::InvalidParameter);
        row("ENAMETOOLONG", HgfsErrorKind::NameTooLong, HgfsStatus::NameTooLong);
        row("ENOSPC", HgfsErrorKind::NoSpace, HgfsStatus::NoSpace);
        row("EOPNOTSUPP", HgfsErrorKind::NotSupported, HgfsStatus::OperationNotSupported);
        row("EXDEV", HgfsErrorKind::NotSameDevice, HgfsStatus::NotSameDevice);
        row("sharing", HgfsErrorKind::SharingViolation, HgfsStatus::SharingViolation);
        row("EBADF", HgfsErrorKind::InvalidHandle, HgfsStatus::InvalidHandle);
        row("EPROTO", HgfsErrorKind::Protocol, HgfsStatus::ProtocolError);
        row("stale", HgfsErrorKind::StaleSession, HgfsStatus::StaleSession);
        row("sessions", HgfsErrorKind::TooManySessions, HgfsStatus::TooManySessions);
        row("EBUSY", HgfsErrorKind::Busy, HgfsStatus::GenericError);
        row("EIO", HgfsErrorKind::Io, HgfsStatus::GenericError);
    }
    void errorKindsMapToTheStatusHgfsUtilCGives()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QCOMPARE(int(hgfsStatusFor(HgfsErrorKind(kind))), status);
    }

    void nameStatusesMapLikeHgfsPlatformConvertFromNameStatus()
    {
        auto st = [](HgfsNameStatus s) {
            return hgfsStatusFor(hgfsErrorKindFor(s));
        };
        QCOMPARE(st(HgfsNameStatus::Complete), HgfsStatus::Success);
        QCOMPARE(st(HgfsNameStatus::Failure), HgfsStatus::InvalidName);
        QCOMPARE(st(HgfsNameStatus::IncompleteRoot), HgfsStatus::InvalidName);
        QCOMPARE(st(HgfsNameStatus::DoesNotExist), HgfsStatus::NoSuchFileOrDir);
        QCOMPARE(st(HgfsNameStatus::AccessDenied), HgfsStatus::AccessDenied);
        QCOMPARE(st(HgfsNameStatus::TooLong), HgfsStatus::NameTooLong);
        QCOMPARE(st(HgfsNameStatus::NotADirectory), HgfsStatus::NotDirectory);
        QCOMPARE(st(HgfsNameStatus::SymbolicLink), HgfsStatus::GenericError);
    }

    void namesForLogsComeFromTheProtoHeader()
    {
        QCOMPARE(hgfsOpName(opValue(HgfsOp::ReadV3)), QStringLiteral("READ_V3"));
        QCOMPARE(hgfsOpName(opValue(HgfsOp::SetEasV4)), QStringLiteral("SET_EAS_V4"));
        QCOMPARE(hgfsOpName(0xff), QStringLiteral("NEW_HEADER"));
        QCOMPARE(hgfsOpName(300), QStringLiteral("op 300"));
        QCOMPARE(hgfsStatusName(HgfsStatus::StaleSession),
                 QStringLiteral("HGFS_STATUS_STALE_SESSION"));
    }

    void ntTimeCountsHundredNanosecondsFrom1601()
    {
        QCOMPARE(HgfsTime::toNtTime(0, 0), Q_UINT64_C(116444736000000000));
        QCOMPARE(HgfsTime::toNtTime(1, 250), Q_UINT64_C(116444736010000002));
        QCOMPARE(HgfsTime::toNtTime(-HgfsTime::kUnixEpochInNtSeconds - 1, 0), quint64(0));
        QCOMPARE(HgfsTime::toNtTime(std::numeric_limits<qint64>::max() / 2, 0),
                 std::numeric_limits<quint64>::max());
        qint64 s = 0;
        quint32 ns = 0;
        HgfsTime::fromNtTime(HgfsTime::toNtTime(1700000000, 123456700), s, ns);
        QCOMPARE(s, qint64(1700000000));
        QCOMPARE(ns, 123456700u);
        HgfsTime::fromNtTime(0, s, ns);
        QCOMPARE(s, -HgfsTime::kUnixEpochInNtSeconds);
    }
};

QTEST_GUILESS_MAIN(TstHgfsWire)
#include "tst_hgfs_wire.moc"
