// Per-op request decoders and reply encoders: round trips of every op through
// whole packets, byte vectors from the packed structs in open-vm-tools
// lib/include/hgfsProto.h, and malformed arguments.
#include "HgfsTestSupport.h"

#include <QtTest>

using namespace gk::hgfs;
using namespace gk::hgfs::test;

class TstHgfsOps : public QObject
{
    Q_OBJECT

private slots:
    void createSessionRequestRoundTrips()
    {
        HgfsCreateSessionRequest q;
        q.maxPacketSize = kLegacyLargePacketMax;
        q.flags = kSessionMaxPacketSizeValid;
        q.capabilities = {{opValue(HgfsOp::ReadV3), kOpCapIsSupported}};
        QCOMPARE(roundTrip<HgfsCreateSessionRequest>(HgfsHeaderForm::Session,
                                                     HgfsOp::CreateSessionV4, q.encode()),
                 q);
    }

    void createSessionReplyBytesMatchTheCLayout()
    {
        HgfsCreateSessionReply rep;
        rep.sessionId = Q_UINT64_C(0x1122334455667788);
        rep.maxPacketSize = 0xF800;
        rep.flags = kSessionMaxPacketSizeValid;
        rep.capabilities = {{24, 1}, {25, 0}};
        // The request's header session id is whatever the client had; the
        // reply header carries HGFS_INVALID_SESSION_ID, the new id is in the body.
        const HgfsHeader req = header(HgfsHeaderForm::Session, HgfsOp::CreateSessionV4);
        const QByteArray packet = encodeReplyPacket(req, HgfsStatus::Success, rep.encode());
        const QByteArray expected =
            QByteArray::fromHex("01000000"
                                "ff000000"
                                "60000000"
                                "34000000" // version, dummy, packetSize 96, headerSize
                                "4d000000"
                                "29000000"
                                "00000000"
                                "02000000" // requestId 77, CREATE_SESSION_V4, status, REPLY
                                "00000000"
                                "ffffffffffffffff"
                                "0000000000000000" // information, sessionId, reserved
                                "8877665544332211" // sessionId
                                "02000000"         // numCapabilities
                                "00f80000"         // maxPacketSize
                                "00000000"         // identityOffset
                                "01000000"         // flags MAXPACKETSIZE_VALID
                                "00000000"         // reserved
                                "1800000001000000" // {OPEN_V3, IS_SUPPORTED}
                                "1900000000000000" // {READ_V3, NOT_SUPPORTED}
            );
        QCOMPARE(packet.toHex(), expected.toHex());
        auto back = HgfsCreateSessionReply::decode(
            replyRoundTrip(HgfsHeaderForm::Session, HgfsOp::CreateSessionV4, rep.encode()));
        QVERIFY(back.ok());
        QCOMPARE(back.value, rep);
    }

    void createSessionReplyAdvertisesTheSupportedOpsAndNegotiatesPacketSize()
    {
        HgfsCreateSessionRequest q;
        q.maxPacketSize = kLegacyLargePacketMax;
        const QSet<quint32> ops{opValue(HgfsOp::CreateSessionV4), opValue(HgfsOp::ReadV3)};
        const HgfsCreateSessionReply rep =
            HgfsSessionOps::makeCreateSessionReply(42, q, kLargePacketMax, ops);
        QCOMPARE(rep.sessionId, quint64(42));
        QCOMPARE(rep.maxPacketSize, kLegacyLargePacketMax);
        QCOMPARE(rep.flags, kSessionMaxPacketSizeValid);
        QCOMPARE(rep.capabilities.size(), qsizetype(opValue(HgfsOp::Max)));
        for (const HgfsCapability &c : rep.capabilities)
            QCOMPARE(c.flags, ops.contains(c.op) ? kOpCapIsSupported : kOpCapNotSupported);
        QCOMPARE(rep.capabilities.at(25).op, 25u);

        QCOMPARE(HgfsSessionOps::negotiateMaxPacketSize(0, kLargePacketMax), kLargePacketMax);
        QCOMPARE(HgfsSessionOps::negotiateMaxPacketSize(kLargePacketMax + 1, kLegacyLargePacketMax),
                 kLegacyLargePacketMax);
    }

    void createSessionWithCapabilityCountNearTwoToThe32IsProtocolError()
    {
        const QByteArray args = QByteArray::fromHex("ffffffff"
                                                    "00f80000"
                                                    "00000000"
                                                    "00000000"
                                                    "1800000001000000");
        auto d = HgfsCreateSessionRequest::decode(args);
        QCOMPARE(d.status, HgfsStatus::ProtocolError);
        QCOMPARE(HgfsCreateSessionRequest::decode(args.left(12)).status, HgfsStatus::ProtocolError);
    }

    void destroySessionRoundTrips()
    {
        const QByteArray args = HgfsDestroySession{}.encode();
        QCOMPARE(args, QByteArray(8, '\0'));
        const HgfsDecodedRequest d = decodeRequest(
            encodeRequestPacket(header(HgfsHeaderForm::Session, HgfsOp::DestroySessionV4), args));
        QVERIFY(d.ok());
        QVERIFY(std::holds_alternative<HgfsDestroySession>(d.args));
        QVERIFY(HgfsDestroySession::decode(
                    replyRoundTrip(HgfsHeaderForm::Session, HgfsOp::DestroySessionV4, args))
                    .ok());
    }

    void openV3RequestBytesMatchTheCLayout()
    {
        const QByteArray args =
            QByteArray::fromHex("0308000000000000" // mask MODE|FLAGS|FILE_NAME
                                "01000000"         // mode WRITE_ONLY
                                "04000000"         // flags OPEN_CREATE_EMPTY
                                "00060004"         // special 0, owner 6, group 0, other 4
                                "0000000000000000" // attr
                                "0000000000000000" // allocationSize
                                "00000000"         // desiredAccess
                                "00000000"         // shareAccess
                                "00000000"         // desiredLock NONE
                                "0000000000000000" // reserved1
                                "0000000000000000" // reserved2
                                "0a000000"         // fileName.length 10
                                "00000000"         // fileName.flags
                                "00000000"         // caseType DEFAULT
                                "ffffffff"         // fid
                                "726f6f7400746d700066"
                                "00"); // "root\0tmp\0f" + NUL
        HgfsOpenRequest o;
        o.op = opValue(HgfsOp::OpenV3);
        o.mask = kOpenValidMode | kOpenValidFlags | kOpenValidFileName;
        o.mode = kOpenModeWriteOnly;
        o.flags = quint32(HgfsOpenFlags::OpenCreateEmpty);
        o.ownerPerms = 6;
        o.otherPerms = 4;
        o.file.components = QStringList{"root", "tmp", "f"};
        QCOMPARE(o.encode().toHex(), args.toHex());
        auto d = HgfsOpenRequest::decode(o.op, args);
        QVERIFY2(d.ok(), qPrintable(d.error));
        QCOMPARE(d.value, o);
        QCOMPARE(d.value.accessMode(), kOpenModeWriteOnly);
    }

    void openRequestsRoundTripInEveryVersionAndForm()
    {
        for (HgfsOp op : {HgfsOp::Open, HgfsOp::OpenV2, HgfsOp::OpenV3}) {
            for (HgfsHeaderForm form : kBothForms) {
                HgfsOpenRequest o;
                o.op = opValue(op);
                o.mask =
                    kOpenValidMode | kOpenValidFlags | kOpenValidOwnerPerms | kOpenValidFileName;
                o.mode = kOpenModeReadOnly;
                o.flags = quint32(HgfsOpenFlags::Open);
                o.ownerPerms = 6;
                o.file.components = QStringList{"root", "var", "log", "syslog"};
                if (op != HgfsOp::Open) {
                    o.allocationSize = 1 << 20;
                    o.desiredAccess = 3;
                    o.shareAccess = 1;
                    o.groupPerms = 4;
                }
                if (op == HgfsOp::OpenV3)
                    o.file.caseType = HgfsCaseType::Sensitive;
                QCOMPARE(roundTrip<HgfsOpenRequest>(form, op, o.encode()), o);

                HgfsOpenReply rep;
                rep.handle = 0x55;
                if (op != HgfsOp::Open)
                    rep.acquiredLock = quint32(HgfsLockType::None);
                if (op == HgfsOp::OpenV3)
                    rep.flags = kOpenReplyLockedFile;
                const QByteArray body = replyRoundTrip(form, op, rep.encode(opValue(op)));
                auto back = HgfsOpenReply::decode(opValue(op), body);
                QVERIFY(back.ok());
                QCOMPARE(back.value, rep);
            }
        }
        QCOMPARE(HgfsOpenReply{}.encode(opValue(HgfsOp::OpenV3)).size(), 16);
        QCOMPARE(HgfsOpenReply{}.encode(opValue(HgfsOp::OpenV2)).size(), 8);
        QCOMPARE(HgfsOpenReply{}.encode(opValue(HgfsOp::Open)).size(), 4);
    }

    void openV1ReplyBehindLegacyHeaderIsHgfsReplyOpen()
    {
        HgfsOpenReply rep;
        rep.handle = 3;
        const QByteArray packet =
            encodeReplyPacket(header(HgfsHeaderForm::Legacy, HgfsOp::Open), HgfsStatus::Success,
                              rep.encode(opValue(HgfsOp::Open)));
        QCOMPARE(packet.toHex(), QByteArray("4d000000"
                                            "00000000"
                                            "03000000"));
    }

    void openWithoutFileNameMaskIsProtocolError()
    {
        HgfsOpenRequest o;
        o.mask = kOpenValidMode;
        o.file.components = QStringList{"root", "x"};
        QCOMPARE(HgfsOpenRequest::decode(o.op, o.encode()).status, HgfsStatus::ProtocolError);
    }

    void openV3NameWithDotDotIsInvalidName()
    {
        HgfsOpenRequest o;
        o.mask = kOpenValidFileName;
        o.file.components = QStringList{"root", "tmp", "..", "etc", "shadow"};
        const HgfsDecodedRequest d = decodeRequest(
            encodeRequestPacket(header(HgfsHeaderForm::Session, HgfsOp::OpenV3), o.encode()));
        QCOMPARE(d.packet.status, HgfsStatus::InvalidName);
        QVERIFY(d.packet.canReply);
    }

    void openV3NameLengthsPastTheEndAreProtocolErrors()
    {
        HgfsOpenRequest o;
        o.mask = kOpenValidFileName;
        o.file.components = QStringList{"root", "f"};
        QByteArray args = o.encode();
        for (quint32 bad : {0xFFFFFFFFu, 0x80000000u, 7u}) {
            QByteArray mangled = args;
            for (int i = 0; i < 4; ++i)
                mangled[64 + i] = char((bad >> (8 * i)) & 0xff); // fileName.length
            mangled.chop(1);                                     // no NUL to lean on
            QCOMPARE(HgfsOpenRequest::decode(o.op, mangled).status, HgfsStatus::ProtocolError);
        }
        QCOMPARE(HgfsOpenRequest::decode(o.op, args.left(70)).status, HgfsStatus::ProtocolError);
    }

    void openV3ByHandleIgnoresTheName()
    {
        HgfsOpenRequest o;
        o.mask = kOpenValidFileName;
        o.file.useHandle = true;
        o.file.handle = 12;
        auto d = HgfsOpenRequest::decode(o.op, o.encode());
        QVERIFY(d.ok());
        QVERIFY(d.value.file.useHandle);
        QCOMPARE(d.value.file.handle, 12u);
    }

    void readV3RequestBytesMatchTheCLayoutAndKeepOffsetsPast4GiB()
    {
        const QByteArray args = QByteArray::fromHex("07000000"         // file
                                                    "1000000001000000" // offset 0x100000010
                                                    "00f00000"         // requiredSize 0xF000
                                                    "0000000000000000");
        HgfsReadRequest q{7, Q_UINT64_C(0x100000010), 0xF000};
        QCOMPARE(q.encode().toHex(), args.toHex());
        for (HgfsHeaderForm form : kBothForms)
            QCOMPARE(roundTrip<HgfsReadRequest>(form, HgfsOp::ReadV3, args), q);
        HgfsReadRequest far{1, Q_UINT64_C(0xFFFFFFFFFFFFFFF0), 1};
        QCOMPARE(roundTrip<HgfsReadRequest>(HgfsHeaderForm::Session, HgfsOp::ReadV3, far.encode()),
                 far);
        QCOMPARE(HgfsReadRequest::decode(args.left(23)).status, HgfsStatus::ProtocolError);
    }

    void readV3ReplyBytesMatchTheCLayout()
    {
        HgfsReadReply rep{QByteArray("hello")};
        QCOMPARE(rep.encode().toHex(), QByteArray("05000000"
                                                  "0000000000000000"
                                                  "68656c6c6f"));
        for (HgfsHeaderForm form : kBothForms) {
            auto back = HgfsReadReply::decode(replyRoundTrip(form, HgfsOp::ReadV3, rep.encode()));
            QVERIFY(back.ok());
            QCOMPARE(back.value, rep);
        }
        // actualSize larger than the data present
        QCOMPARE(HgfsReadReply::decode(QByteArray::fromHex("ffffffff"
                                                           "0000000000000000"
                                                           "00"))
                     .status,
                 HgfsStatus::ProtocolError);
    }

    void readV3HonoursTheMaxPacketSize()
    {
        const quint32 cap = HgfsReadReply::capacity(HgfsHeaderForm::Session, kLegacyLargePacketMax);
        QCOMPARE(cap, kLegacyLargePacketMax - 52 - 12);
        QCOMPARE(HgfsReadReply::capacity(HgfsHeaderForm::Legacy, kLargePacketMax),
                 kLargePacketMax - 8 - 12);
        QCOMPARE(HgfsReadReply::capacity(HgfsHeaderForm::Session, 10), 0u);
        HgfsReadRequest q{1, 0, cap};
        QCOMPARE(q.checkFits(HgfsHeaderForm::Session, kLegacyLargePacketMax), HgfsStatus::Success);
        q.requiredSize = cap + 1;
        QCOMPARE(q.checkFits(HgfsHeaderForm::Session, kLegacyLargePacketMax),
                 HgfsStatus::InvalidParameter);
        const QByteArray full =
            encodeReplyPacket(header(HgfsHeaderForm::Session, HgfsOp::ReadV3), HgfsStatus::Success,
                              HgfsReadReply{QByteArray(cap, 'd')}.encode());
        QCOMPARE(quint32(full.size()), kLegacyLargePacketMax);
    }

    void writeV3RequestBytesMatchTheCLayoutAndKeepOffsetsPast4GiB()
    {
        const QByteArray args = QByteArray::fromHex("09000000"         // file
                                                    "01"               // flags APPEND
                                                    "9a78563412010000" // offset 0x1123456789a
                                                    "03000000"         // requiredSize
                                                    "0000000000000000" // reserved
                                                    "616263");         // "abc"
        HgfsWriteRequest q{9, kWriteAppend, Q_UINT64_C(0x1123456789a), QByteArray("abc")};
        QCOMPARE(q.encode().toHex(), args.toHex());
        for (HgfsHeaderForm form : kBothForms)
            QCOMPARE(roundTrip<HgfsWriteRequest>(form, HgfsOp::WriteV3, args), q);

        HgfsWriteReply rep{3};
        QCOMPARE(rep.encode().toHex(), QByteArray("03000000"
                                                  "0000000000000000"));
        auto back = HgfsWriteReply::decode(
            replyRoundTrip(HgfsHeaderForm::Session, HgfsOp::WriteV3, rep.encode()));
        QVERIFY(back.ok());
        QCOMPARE(back.value, rep);
    }

    void writeV3DataLengthPastTheEndIsProtocolError()
    {
        HgfsWriteRequest q{1, 0, 5, QByteArray("abcd")};
        QByteArray args = q.encode();
        QCOMPARE(HgfsWriteRequest::decode(args.left(args.size() - 1)).status,
                 HgfsStatus::ProtocolError);
        for (quint32 bad : {0xFFFFFFFFu, 0xFFFFFFF0u}) {
            QByteArray mangled = args;
            for (int i = 0; i < 4; ++i)
                mangled[13 + i] = char((bad >> (8 * i)) & 0xff); // requiredSize
            QCOMPARE(HgfsWriteRequest::decode(mangled).status, HgfsStatus::ProtocolError);
        }
        // Extra bytes past requiredSize are not written.
        auto d = HgfsWriteRequest::decode(args + "zz");
        QVERIFY(d.ok());
        QCOMPARE(d.value.data, QByteArray("abcd"));
    }

    void closeRoundTripsInBothVersions()
    {
        for (HgfsHeaderForm form : kBothForms) {
            HgfsCloseRequest v1{opValue(HgfsOp::Close), 4};
            QCOMPARE(roundTrip<HgfsCloseRequest>(form, HgfsOp::Close, v1.encode()), v1);
            HgfsCloseRequest v3{opValue(HgfsOp::CloseV3), 5};
            QCOMPARE(roundTrip<HgfsCloseRequest>(form, HgfsOp::CloseV3, v3.encode()), v3);
            QCOMPARE(replyRoundTrip(form, HgfsOp::Close, HgfsCloseReply::encode(v1.op)),
                     QByteArray());
            QCOMPARE(replyRoundTrip(form, HgfsOp::CloseV3, HgfsCloseReply::encode(v3.op)),
                     QByteArray(8, '\0'));
        }
        QCOMPARE(HgfsCloseRequest::decode(opValue(HgfsOp::CloseV3), QByteArray(4, '\0')).status,
                 HgfsStatus::ProtocolError);
    }

    void everyDecodableOpIsKnownToTheDispatcher()
    {
        int count = 0;
        for (quint32 op = 0; op < opValue(HgfsOp::Max); ++op)
            count += hasRequestDecoder(op) ? 1 : 0;
        QCOMPARE(count, 13);
        QVERIFY(!hasRequestDecoder(opValue(HgfsOp::NewHeader)));
    }
};

QTEST_GUILESS_MAIN(TstHgfsOps)
#include "tst_hgfs_ops.moc"
