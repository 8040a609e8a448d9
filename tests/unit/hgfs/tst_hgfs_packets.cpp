// Packet framing: both header forms, replies in the matching form, and
// malformed packets. Byte vectors are written by hand from the packed structs
// in open-vm-tools lib/include/hgfsProto.h.
#include "BuildPaths.h"
#include "hgfs/codec/HgfsRequestDecoder.h"

#include <QtTest>

using namespace gk::hgfs;

namespace {

// hgfsProto.h HgfsHeader, field by field (52 bytes).
QByteArray sessionHeader(quint32 packetSize, quint32 requestId, quint32 op, quint32 flags,
                         quint8 version = 1, quint32 headerSize = 52)
{
    QByteArray h;
    auto u32 = [&h](quint32 v) {
        for (int i = 0; i < 4; ++i)
            h.append(char((v >> (8 * i)) & 0xff));
    };
    h.append(char(version)).append(3, '\0'); // version, reserved1[3]
    u32(0xff);                               // dummy = HGFS_OP_NEW_HEADER
    u32(packetSize);
    u32(headerSize);
    u32(requestId);
    u32(op);
    u32(0);                                            // status
    u32(flags);                                        // flags
    u32(0);                                            // information
    h.append(QByteArray::fromHex("efcdab8967452301")); // sessionId 0x0123456789abcdef
    h.append(8, '\0');                                 // reserved
    return h;
}

constexpr quint64 kSession = Q_UINT64_C(0x0123456789abcdef);

} // namespace

class TstHgfsPackets : public QObject
{
    Q_OBJECT

private slots:
    void sessionHeaderBytesMatchTheCLayout()
    {
        HgfsHeader h;
        h.form = HgfsHeaderForm::Session;
        h.requestId = 0x2a;
        h.op = opValue(HgfsOp::ReadV3);
        h.flags = kPacketFlagRequest;
        h.sessionId = kSession;
        const QByteArray args(24, '\x11');
        const QByteArray expected = QByteArray::fromHex("01000000"          // version, reserved1
                                                        "ff000000"          // dummy
                                                        "4c000000"          // packetSize 76
                                                        "34000000"          // headerSize 52
                                                        "2a000000"          // requestId
                                                        "19000000"          // op READ_V3
                                                        "00000000"          // status
                                                        "01000000"          // flags REQUEST
                                                        "00000000"          // information
                                                        "efcdab8967452301"  // sessionId
                                                        "0000000000000000") // reserved
                                    + args;
        QCOMPARE(encodeRequestPacket(h, args).toHex(), expected.toHex());

        const HgfsRequestPacket p = decodeRequestPacket(expected);
        QVERIFY2(p.ok(), qPrintable(p.error));
        QCOMPARE(p.header.form, HgfsHeaderForm::Session);
        QCOMPARE(p.header.requestId, 0x2au);
        QCOMPARE(p.header.op, opValue(HgfsOp::ReadV3));
        QCOMPARE(p.header.sessionId, kSession);
        QCOMPARE(p.args, args);
    }

    void sessionReplyHeaderRepeatsStatusInInformationAndSetsReplyFlag()
    {
        HgfsHeader req;
        req.requestId = 7;
        req.op = opValue(HgfsOp::OpenV3);
        req.sessionId = kSession;
        const QByteArray reply = encodeReplyPacket(req, HgfsStatus::AccessDenied, "ignored");
        const QByteArray expected = QByteArray::fromHex("01000000"
                                                        "ff000000"
                                                        "34000000" // packetSize: header only
                                                        "34000000"
                                                        "07000000"
                                                        "18000000" // OPEN_V3
                                                        "08000000" // ACCESS_DENIED
                                                        "02000000" // flags REPLY
                                                        "08000000" // information = status
                                                        "efcdab8967452301"
                                                        "0000000000000000");
        QCOMPARE(reply.toHex(), expected.toHex());
    }

    void legacyV3RequestHasSeparateHeaderAndLegacyReply()
    {
        const QByteArray packet = QByteArray::fromHex("05000000" // id
                                                      "1b000000" // op CLOSE_V3
                                                      "09000000" // file
                                                      "0000000000000000");
        const HgfsDecodedRequest d = decodeRequest(packet);
        QVERIFY2(d.ok(), qPrintable(d.packet.error));
        QCOMPARE(d.packet.header.form, HgfsHeaderForm::Legacy);
        QCOMPARE(d.packet.header.sessionId, kInvalidSessionId);
        QCOMPARE(std::get<HgfsCloseRequest>(d.args).handle, 9u);

        const QByteArray reply = encodeReplyPacket(d.packet.header, HgfsStatus::Success,
                                                   HgfsCloseReply::encode(d.packet.header.op));
        QCOMPARE(reply.toHex(), QByteArray("05000000"
                                           "00000000"
                                           "0000000000000000"));
    }

    void legacyV1RequestEmbedsItsHeader()
    {
        // HgfsRequestClose {HgfsRequest header {id, op}; HgfsHandle file}
        const HgfsDecodedRequest d = decodeRequest(QByteArray::fromHex("0b000000"
                                                                       "03000000"
                                                                       "2a000000"));
        QVERIFY(d.ok());
        QCOMPARE(std::get<HgfsCloseRequest>(d.args).handle, 42u);
        // HgfsReplyClose is HgfsReply alone; an error is HgfsReply too.
        QCOMPARE(encodeReplyPacket(d.packet.header, HgfsStatus::Success, {}).toHex(),
                 QByteArray("0b000000"
                            "00000000"));
        QCOMPARE(encodeReplyPacket(d.packet.header, HgfsStatus::InvalidHandle, {}).toHex(),
                 QByteArray("0b000000"
                            "02000000"));
    }

    void v1OpBehindSessionHeaderSkipsAndRepliesWithZeroEmbeddedHeader()
    {
        // govmomi server.go serves OPEN/CLOSE and GETATTR_V2/SETATTR_V2 this way.
        const QByteArray args = QByteArray::fromHex("0b000000"
                                                    "03000000"
                                                    "2a000000");
        const QByteArray packet = sessionHeader(52 + 12, 0x0b, opValue(HgfsOp::Close), 1) + args;
        const HgfsDecodedRequest d = decodeRequest(packet);
        QVERIFY2(d.ok(), qPrintable(d.packet.error));
        QCOMPARE(d.packet.args.toHex(), QByteArray("2a000000"));
        QCOMPARE(std::get<HgfsCloseRequest>(d.args).handle, 42u);

        const QByteArray ok = encodeReplyPacket(d.packet.header, HgfsStatus::Success, {});
        QCOMPARE(ok.size(), 52 + 8);
        QCOMPARE(ok.mid(52), QByteArray(8, '\0'));
        QCOMPARE(encodeReplyPacket(d.packet.header, HgfsStatus::InvalidHandle, {}).size(), 52);

        auto back = decodeReplyPacket(ok, HgfsHeaderForm::Session, opValue(HgfsOp::Close));
        QVERIFY(back.ok());
        QVERIFY(back.value.body.isEmpty());
    }

    void v1OpBehindSessionHeaderWithoutEmbeddedHeaderIsProtocolError()
    {
        const QByteArray packet =
            sessionHeader(52 + 4, 1, opValue(HgfsOp::Close), 1) + QByteArray(4, '\0');
        const HgfsRequestPacket p = decodeRequestPacket(packet);
        QCOMPARE(p.status, HgfsStatus::ProtocolError);
        QVERIFY(p.canReply);
    }

    void trailingBytesPastPacketSizeAreIgnored()
    {
        const QByteArray packet = sessionHeader(52 + 8, 3, opValue(HgfsOp::DestroySessionV4), 1) +
                                  QByteArray(8, '\0') + QByteArray("junk");
        const HgfsDecodedRequest d = decodeRequest(packet);
        QVERIFY2(d.ok(), qPrintable(d.packet.error));
        QCOMPARE(d.packet.args.size(), 8);
    }

    void malformedPacketsGiveTheRightError_data()
    {
        QTest::addColumn<QByteArray>("packet");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("canReply");
        const int proto = int(HgfsStatus::ProtocolError);
        const quint32 destroy = opValue(HgfsOp::DestroySessionV4);
        const QByteArray eight(8, '\0');
        QTest::newRow("empty") << QByteArray() << proto << false;
        QTest::newRow("shorter than legacy header")
            << QByteArray::fromHex("0100000019") << proto << false;
        QTest::newRow("bad magic in op slot") << QByteArray::fromHex("01000000"
                                                                     "fe000000") +
                                                     QByteArray(60, '\0')
                                              << proto << false;
        QTest::newRow("V4 op in legacy slot") << QByteArray::fromHex("01000000"
                                                                     "29000000") +
                                                     eight
                                              << proto << false;
        QTest::newRow("session header truncated")
            << sessionHeader(60, 1, destroy, 1).left(40) << proto << false;
        QTest::newRow("packetSize past the end")
            << sessionHeader(52 + 100, 1, destroy, 1) + eight << proto << true;
        QTest::newRow("packetSize near 2^32")
            << sessionHeader(0xFFFFFFF0u, 1, destroy, 1) + eight << proto << true;
        QTest::newRow("headerSize past packetSize")
            << sessionHeader(60, 1, destroy, 1, 1, 61) + eight << proto << true;
        QTest::newRow("headerSize below 52")
            << sessionHeader(60, 1, destroy, 1, 1, 20) + eight << proto << true;
        QTest::newRow("headerSize near 2^32")
            << sessionHeader(60, 1, destroy, 1, 1, 0xFFFFFFFFu) + eight << proto << true;
        QTest::newRow("version 0") << sessionHeader(60, 1, destroy, 1, 0) + eight << proto << true;
        QTest::newRow("v2 flags name neither request nor reply")
            << sessionHeader(60, 1, destroy, kPacketFlagInfoExtError, 2) + eight << proto << true;
        QTest::newRow("op past HGFS_OP_MAX")
            << sessionHeader(60, 1, 200, 1) + eight << proto << true;
        QTest::newRow("known op without a decoder is not supported")
            << sessionHeader(60, 1, opValue(HgfsOp::NotifyV4), 1) + eight
            << int(HgfsStatus::OperationNotSupported) << true;
        QTest::newRow("destroy session args truncated")
            << sessionHeader(56, 1, destroy, 1) + QByteArray(4, '\0') << proto << true;
        QTest::newRow("over HGFS_LARGE_PACKET_MAX")
            << sessionHeader(kLargePacketMax + 8, 1, destroy, 1) +
                   QByteArray(qsizetype(kLargePacketMax), '\0')
            << proto << true;
    }
    void malformedPacketsGiveTheRightError()
    {
        QFETCH(QByteArray, packet);
        QFETCH(int, status);
        QFETCH(bool, canReply);
        const HgfsDecodedRequest d = decodeRequest(packet);
        QVERIFY(!d.ok());
        QCOMPARE(int(d.packet.status), status);
        QCOMPARE(d.packet.canReply, canReply);
        QVERIFY(!d.packet.error.isEmpty());
        QVERIFY(std::holds_alternative<std::monostate>(d.args));
    }

    void version1HeaderIgnoresGarbageFlags()
    {
        const QByteArray packet =
            sessionHeader(60, 1, opValue(HgfsOp::DestroySessionV4), kPacketFlagInfoExtError, 1) +
            QByteArray(8, '\0');
        const HgfsRequestPacket p = decodeRequestPacket(packet);
        QVERIFY2(p.ok(), qPrintable(p.error));
        QCOMPARE(p.header.flags, 0u);
    }

    void unsupportedOpReplyFollowsHgfsServerC()
    {
        QCOMPARE(unsupportedOpStatus(opValue(HgfsOp::SearchOpenV3)),
                 HgfsStatus::OperationNotSupported);
        QCOMPARE(unsupportedOpStatus(opValue(HgfsOp::Max)), HgfsStatus::ProtocolError);
        QCOMPARE(unsupportedOpStatus(0x1234), HgfsStatus::ProtocolError);
        HgfsHeader req;
        req.requestId = 9;
        req.op = opValue(HgfsOp::SearchOpenV3);
        req.sessionId = 5;
        auto back =
            decodeReplyPacket(encodeUnsupportedOpReply(req), HgfsHeaderForm::Session, req.op);
        QVERIFY(back.ok());
        QCOMPARE(back.value.status, HgfsStatus::OperationNotSupported);
        QCOMPARE(back.value.header.requestId, 9u);
        QCOMPARE(back.value.header.sessionId, quint64(5));
        QVERIFY(back.value.body.isEmpty());
    }

    void replyDecoderRefusesAReplyForAnotherOp()
    {
        HgfsHeader req;
        req.op = opValue(HgfsOp::ReadV3);
        const QByteArray reply = encodeReplyPacket(req, HgfsStatus::Success, QByteArray(12, '\0'));
        QVERIFY(!decodeReplyPacket(reply, HgfsHeaderForm::Session, opValue(HgfsOp::WriteV3)).ok());
        QVERIFY(!decodeReplyPacket(reply.left(30), HgfsHeaderForm::Session, req.op).ok());
    }

    // The fuzz seeds were packed independently (Python struct.pack from the C
    // layouts), so decoding them cross-checks the codec's offsets.
    void fuzzSeedPacketsDecodeAsTheirOp_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<quint32>("op");
        QTest::newRow("cs") << "cs.bin" << opValue(HgfsOp::CreateSessionV4);
        QTest::newRow("ds") << "ds.bin" << opValue(HgfsOp::DestroySessionV4);
        QTest::newRow("open") << "open.bin" << opValue(HgfsOp::Open);
        QTest::newRow("legacyopen") << "legacyopen.bin" << opValue(HgfsOp::Open);
        QTest::newRow("openv2") << "openv2.bin" << opValue(HgfsOp::OpenV2);
        QTest::newRow("openv3") << "openv3.bin" << opValue(HgfsOp::OpenV3);
        QTest::newRow("read") << "read.bin" << opValue(HgfsOp::ReadV3);
        QTest::newRow("write") << "write.bin" << opValue(HgfsOp::WriteV3);
        QTest::newRow("close") << "close.bin" << opValue(HgfsOp::Close);
        QTest::newRow("closev3") << "closev3.bin" << opValue(HgfsOp::CloseV3);
        QTest::newRow("getattrv2") << "getattrv2.bin" << opValue(HgfsOp::GetattrV2);
        QTest::newRow("getattrv3") << "getattrv3.bin" << opValue(HgfsOp::GetattrV3);
        QTest::newRow("setattrv2") << "setattrv2.bin" << opValue(HgfsOp::SetattrV2);
        QTest::newRow("setattrv3") << "setattrv3.bin" << opValue(HgfsOp::SetattrV3);
    }
    void fuzzSeedPacketsDecodeAsTheirOp()
    {
        QFETCH(QString, file);
        QFETCH(quint32, op);
        QFile f(gk::test::sourceDir() + QStringLiteral("/src/hgfs/codec/fuzz/corpus/") + file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const HgfsDecodedRequest d = decodeRequest(f.readAll());
        QVERIFY2(d.ok(), qPrintable(d.packet.error));
        QCOMPARE(d.packet.header.op, op);
        const QStringList name{"root", "tmp", "f"};
        if (auto *o = std::get_if<HgfsOpenRequest>(&d.args)) {
            QCOMPARE(o->file.components, name);
            QCOMPARE(o->ownerPerms, quint8(6));
        } else if (auto *r = std::get_if<HgfsReadRequest>(&d.args)) {
            QCOMPARE(r->offset, quint64(1) << 33);
            QCOMPARE(r->requiredSize, 4096u);
        } else if (auto *w = std::get_if<HgfsWriteRequest>(&d.args)) {
            QCOMPARE(w->offset, quint64(5));
            QCOMPARE(w->data, QByteArray("abc"));
        } else if (auto *g = std::get_if<HgfsGetattrRequest>(&d.args)) {
            QCOMPARE(g->file.components, name);
        } else if (auto *s = std::get_if<HgfsSetattrRequest>(&d.args)) {
            QCOMPARE(s->file.components, name);
        } else if (auto *c = std::get_if<HgfsCreateSessionRequest>(&d.args)) {
            QCOMPARE(c->maxPacketSize, kLegacyLargePacketMax);
            QCOMPARE(c->capabilities.size(), 1);
        } else if (auto *cl = std::get_if<HgfsCloseRequest>(&d.args)) {
            QCOMPARE(cl->handle, 1u);
        }
    }

    void replyLimitsFollowHgfsValidateReplySize()
    {
        QCOMPARE(replyPacketLimit(HgfsHeaderForm::Legacy, opValue(HgfsOp::ReadV3), 0),
                 kLargePacketMax);
        QCOMPARE(replyPacketLimit(HgfsHeaderForm::Legacy, opValue(HgfsOp::GetattrV3), 0),
                 kPacketMax);
        QCOMPARE(replyPacketLimit(HgfsHeaderForm::Session, opValue(HgfsOp::ReadV3),
                                  kLegacyLargePacketMax),
                 kLegacyLargePacketMax);
    }
};

QTEST_GUILESS_MAIN(TstHgfsPackets)
#include "tst_hgfs_packets.moc"
