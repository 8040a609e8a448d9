#include "VixTestUtil.h"

#include "vix/codec/VixEnvelope.h"
#include "vix/codec/VixHeader.h"
#include "vix/codec/VixRequest.h"
#include "vix/codec/VixTransferRequests.h"

#include <QtTest>

using namespace gk::vix;
using vixtest::hex;

namespace {

// VixCommandRequestHeader for a StartProgram request (vixCommands.h, packed):
// magic d00d0001, version 5, total 124 = 51 + 48 + 25, headerLength 51,
// bodyLength 48, credentialLength 25, commonFlags REQUEST, opCode 185,
// requestFlags 0, timeOut ffffffff, cookie 0x1122334455667788,
// clientHandleId 7, userCredentialType 1 (NAME_PASSWORD).
const char kHeader[] = "01000dd0 0500 7c000000 33000000 30000000 19000000 01"
                       "b9000000 00000000 ffffffff 8877665544332211 07000000 01000000";
// VixMsgStartProgramRequest: startMinimized 0; lengths with NUL 10, 4, 5;
// numEnvVars 2; envVarLength 8; "/bin/true" "-la" "/tmp" "A=1" "B=2".
const char kStartProgramBody[] = "00 0a000000 04000000 05000000 02000000 08000000"
                                 "2f62696e2f7472756500 2d6c6100 2f746d7000 413d3100 423d3200";
// VixCommandNamePassword {4, 6} + base64("root\0secret\0") + NUL.
const char kCredential[] = "04000000 06000000 636d39766441427a5a574e795a585141 00";

QByteArray startProgramMessage()
{
    return hex(kHeader) + hex(kStartProgramBody) + hex(kCredential);
}

QByteArray withU32(QByteArray message, int offset, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        message[offset + i] = char(value >> (8 * i));
    return message;
}

// The fields of the hand-written StartProgram message.
VixRequestSpec startProgramSpec()
{
    VixRequestSpec spec;
    spec.opCode = VixOp::StartProgram;
    spec.body = hex(kStartProgramBody);
    spec.credentialType = VixCredentialType::NamePassword;
    spec.credential = VixCredential::encodeNamePassword(QStringLiteral("root"),
                                                        SecretBytes(std::string_view("secret")));
    spec.cookie = Q_UINT64_C(0x1122334455667788);
    spec.clientHandleId = 7;
    return spec;
}

QByteArray envelope(const QByteArray &message)
{
    return QByteArray("\"1234\"", 6) + '\0' + message;
}

} // namespace

class TestVixMessage : public QObject
{
    Q_OBJECT

private slots:
    void headerDecodesHandWrittenVector()
    {
        const auto h = VixRequestHeader::decode(startProgramMessage());
        QVERIFY2(h.ok(), qPrintable(h.ok() ? QString() : h.error().reason));
        QCOMPARE(h->totalMessageLength, 124u);
        QCOMPARE(h->bodyLength, 48u);
        QCOMPARE(h->credentialLength, 25u);
        QCOMPARE(h->opCode, VixOp::StartProgram);
        QCOMPARE(h->timeOut, 0xFFFFFFFFu);
        QCOMPARE(h->cookie, Q_UINT64_C(0x1122334455667788));
        QCOMPARE(h->clientHandleId, 7u);
        QCOMPARE(h->userCredentialType, VixCredentialType::NamePassword);
        QVERIFY(!h->wantsBinaryReply());
    }

    void headerEncodesToTheSameBytes()
    {
        const auto h = VixRequestHeader::decode(startProgramMessage());
        QVERIFY(h.ok());
        QCOMPARE(h->encode(), hex(kHeader));
    }

    void builderProducesHandWrittenMessage()
    {
        QCOMPARE(encodeVixRequestMessage(startProgramSpec()).toHex(),
                 startProgramMessage().toHex());
    }

    void credentialDecodesHandWrittenVector()
    {
        const auto c = VixCredential::decode(VixCredentialType::NamePassword, hex(kCredential));
        QVERIFY(c.ok());
        QCOMPARE(c->kind, VixCredential::Kind::NamePassword);
        QCOMPARE(c->userName, QStringLiteral("root"));
        QVERIFY(c->secret == std::string_view("secret"));
        QCOMPARE(c->declaredNameLength, 4u);
        QCOMPARE(c->declaredPasswordLength, 6u);
    }

    void malformedHeaderIsInvalidMessageHeader_data()
    {
        QTest::addColumn<QByteArray>("message");
        const QByteArray good = startProgramMessage();
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated common header") << good.left(22);
        QTest::newRow("truncated request header") << good.left(40);
        QTest::newRow("wrong magic") << withU32(good, 0, 0xd00d0002);
        QTest::newRow("wrong version") << QByteArray(good).replace(4, 1, "\x04");
        QTest::newRow("header length 50") << withU32(good, 10, 50);
        QTest::newRow("header length 52") << withU32(good, 10, 52);
        QTest::newRow("total too small") << withU32(good, 6, 123);
        QTest::newRow("total too big for parts") << withU32(good, 6, 125);
        QTest::newRow("body length near 2^32") << withU32(good, 14, 0xFFFFFFF0);
        QTest::newRow("credential length near 2^32") << withU32(good, 18, 0xFFFFFFFF);
        QTest::newRow("total near 2^32") << withU32(good, 6, 0xFFFFFFFF);
        QTest::newRow("total past the bytes present") << good.left(100);
        QTest::newRow("no request flag") << QByteArray(good).replace(22, 1, "\x00", 1);
        QTest::newRow("auth data flag without auth data") << withU32(good, 27, 0x10);
        QByteArray huge = withU32(good, 6, 70000);
        huge = withU32(huge, 14, 70000 - 51 - 25);
        huge.append(QByteArray(70000, '\0'));
        QTest::newRow("over VIX_COMMAND_MAX_REQUEST_SIZE") << huge;
    }
    void malformedHeaderIsInvalidMessageHeader()
    {
        QFETCH(QByteArray, message);
        const auto h = VixRequestHeader::decode(message);
        QVERIFY(!h.ok());
        QCOMPARE(h.error().code, VixErr::InvalidMessageHeader);
        const auto r = decodeVixRequest(envelope(message));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, VixErr::InvalidMessageHeader);
    }

    void trailingBytesAfterTheMessageAreIgnored()
    {
        const auto r = decodeVixRequest(envelope(startProgramMessage() + QByteArray(1, '\0')));
        QVERIFY(r.ok());
        QCOMPARE(qsizetype(r->header.bodyLength), hex(kStartProgramBody).size());
        QVERIFY(r->decodedBody.ok());
        QVERIFY(std::holds_alternative<StartProgramRequest>(r->decodedBody.value()));
    }

    void authDataIsAccountedInTheTotal()
    {
        VixRequestSpec spec;
        spec.opCode = VixOp::GetToolsState;
        spec.requestFlags = VixRequestFlag::IncludesAuthDataV1;
        spec.authData = QByteArray(int(kVixAuthDataV1Size), 'a');
        const auto h = VixRequestHeader::decode(encodeVixRequestMessage(spec));
        QVERIFY(h.ok());
        QCOMPARE(h->authDataLength(), kVixAuthDataV1Size);
    }

    void envelopeSplitsQuotedNameAndMessage()
    {
        const auto e = VixEnvelope::decode(QByteArray("\"42\"\0MSG", 8));
        QVERIFY(e.ok());
        QCOMPARE(e->requestName, QByteArray("42"));
        QCOMPARE(e->message, QByteArray("MSG"));
    }

    void envelopeKeepsEscapesAndIgnoresTextAfterTheQuote()
    {
        const auto e = VixEnvelope::decode(QByteArray(" \"a\\\"b\" junk\0M", 14));
        QVERIFY(e.ok());
        QCOMPARE(e->requestName, QByteArray("a\\\"b"));
        QCOMPARE(e->message, QByteArray("M"));
    }

    void envelopeWithoutQuotesHasEmptyName()
    {
        const auto e = VixEnvelope::decode(QByteArray("abc\0M", 5));
        QVERIFY(e.ok());
        QCOMPARE(e->requestName, QByteArray());
        QCOMPARE(e->message, QByteArray("M"));
    }

    void envelopeWithoutNulIsRefused_data()
    {
        QTest::addColumn<QByteArray>("args");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("name only") << QByteArray("\"1\"");
        QTest::newRow("long name") << QByteArray('"' + QByteArray(5000, 'n') + "\"\0x", 5004);
    }
    void envelopeWithoutNulIsRefused()
    {
        QFETCH(QByteArray, args);
        const auto e = VixEnvelope::decode(args);
        QVERIFY(!e.ok());
        QCOMPARE(e.error().code, VixErr::InvalidMessageHeader);
    }

    void envelopeEncodesTheVmxForm()
    {
        const QByteArray cmd = encodeVixRelayedCommand("9", "M");
        QCOMPARE(cmd, QByteArray("Vix_1_Relayed_Command \"9\"\0M", 27));
    }

    void oneBufferRequestHasTheBytesOfTheTwoSteps()
    {
        // The hand-written message, its body split into body + bodyTail.
        VixRequestSpec spec = startProgramSpec();
        spec.bodyTail = spec.body.mid(5);
        spec.body.truncate(5);
        QCOMPARE(encodeVixRequestMessage(spec).toHex(), startProgramMessage().toHex());
        QCOMPARE(encodeVixRelayedRequest("42", spec).toHex(),
                 encodeVixRelayedCommand("42", startProgramMessage()).toHex());
        // An HGFS packet after its fixed part gives the whole request's body.
        HgfsSendPacketRequest packet{QByteArray(62 * 1024, '\x5a'), 0};
        VixRequestSpec hgfs;
        hgfs.opCode = VixOp::HgfsSendPacket;
        hgfs.body = packet.encodeFixed();
        hgfs.bodyTail = packet.packet;
        VixRequestSpec whole = hgfs;
        whole.body = packet.encode();
        whole.bodyTail.clear();
        const QByteArray command = encodeVixRelayedRequest("7", hgfs);
        QCOMPARE(command, encodeVixRelayedCommand("7", encodeVixRequestMessage(whole)));
        const QByteArray prefix("Vix_1_Relayed_Command ");
        QVERIFY(command.startsWith(prefix));
        const auto r = decodeVixRequest(command.mid(prefix.size()));
        QVERIFY(r.ok());
        QVERIFY(r->decodedBody.ok());
        QCOMPARE(std::get<HgfsSendPacketRequest>(r->decodedBody.value()).packet, packet.packet);
    }

    void fullRequestDecodesEveryPart()
    {
        const auto r = decodeVixRequest(envelope(startProgramMessage()));
        QVERIFY(r.ok());
        QCOMPARE(r->requestName, QByteArray("1234"));
        QVERIFY(r->credential.ok());
        QCOMPARE(r->credential->userName, QStringLiteral("root"));
        QVERIFY(r->decodedBody.ok());
        const auto &sp = std::get<StartProgramRequest>(r->decodedBody.value());
        QCOMPARE(sp.programPath, QStringLiteral("/bin/true"));
        QCOMPARE(sp.arguments, QStringLiteral("-la"));
        QCOMPARE(sp.workingDir, QStringLiteral("/tmp"));
        QCOMPARE(sp.envVars, (QStringList{QStringLiteral("A=1"), QStringLiteral("B=2")}));
    }

    void decodingLeavesTheCallersArgumentsIntact()
    {
        const QByteArray args = envelope(startProgramMessage());
        const QByteArray copy(args.constData(), args.size()); // a deep copy
        QVERIFY(decodeVixRequest(args).ok());
        QCOMPARE(args, copy);
    }

    void badCredentialDoesNotHideAGoodBody()
    {
        QByteArray msg = startProgramMessage();
        msg[msg.size() - 1] = 'A'; // the obfuscated string loses its NUL
        const auto r = decodeVixRequest(envelope(msg));
        QVERIFY(r.ok());
        QVERIFY(!r->credential.ok());
        QCOMPARE(r->credential.error().code, VixErr::InvalidMessageBody);
        QVERIFY(r->decodedBody.ok());
    }

    void credentialBlocksRoundTrip()
    {
        const SecretBytes pw(std::string_view("p\"a ss\\"));
        auto np = VixCredential::decode(
            VixCredentialType::NamePasswordObfuscated,
            VixCredential::encodeNamePassword(QStringLiteral("us\u00e9r"), pw));
        QVERIFY(np.ok());
        QCOMPARE(np->userName, QStringLiteral("us\u00e9r"));
        QVERIFY(np->secret == pw);

        const SecretBytes ticket(std::string_view("TICKET-1"));
        auto t = VixCredential::decode(VixCredentialType::TicketedSession,
                                       VixCredential::encodeTicket(ticket));
        QVERIFY(t.ok());
        QCOMPARE(t->kind, VixCredential::Kind::Ticket);
        QVERIFY(t->secret == ticket);

        const SecretBytes token(std::string_view("<saml/>"));
        auto s =
            VixCredential::decode(VixCredentialType::SamlBearerToken,
                                  VixCredential::encodeSamlToken(token, QStringLiteral("alice")));
        QVERIFY(s.ok());
        QCOMPARE(s->kind, VixCredential::Kind::SamlToken);
        QCOMPARE(s->userName, QStringLiteral("alice"));
        QVERIFY(s->secret == token);

        const SecretBytes sspi("\x01\x00\x02", 3);
        auto ss = VixCredential::decode(VixCredentialType::Sspi, VixCredential::encodeSspi(sspi));
        QVERIFY(ss.ok());
        QCOMPARE(ss->kind, VixCredential::Kind::Sspi);
        QVERIFY(ss->secret == sspi);
    }

    void namedInteractiveUserIsRecognised()
    {
        auto c =
            VixCredential::decode(VixCredentialType::NamedInteractiveUser,
                                  VixCredential::encodeNamePassword(QStringLiteral("bob"), {}));
        QVERIFY(c.ok());
        QCOMPARE(c->kind, VixCredential::Kind::NamedInteractiveUser);
        QCOMPARE(c->userName, QStringLiteral("bob"));
    }

    void otherCredentialTypesAreUnsupportedNotErrors()
    {
        for (quint32 t :
             {VixCredentialType::None, VixCredentialType::Anonymous, VixCredentialType::Root,
              VixCredentialType::ConsoleUser, VixCredentialType::HostConfigSecret, 77u}) {
            auto c = VixCredential::decode(t, QByteArray("junk"));
            QVERIFY(c.ok());
            QCOMPARE(c->kind, VixCredential::Kind::Unsupported);
        }
    }

    void malformedCredentialIsInvalidMessageBody_data()
    {
        QTest::addColumn<quint32>("type");
        QTest::addColumn<QByteArray>("block");
        QTest::newRow("empty name/password") << VixCredentialType::NamePassword << QByteArray();
        QTest::newRow("lengths only")
            << VixCredentialType::NamePassword << hex("04000000 06000000");
        QTest::newRow("no NUL") << VixCredentialType::NamePassword
                                << hex("04000000 06000000 636d3976");
        QTest::newRow("not base64")
            << VixCredentialType::NamePassword << hex("00000000 00000000 2a2a00");
        QTest::newRow("ticket length mismatch")
            << VixCredentialType::TicketedSession << hex("05000000 41424300");
        QTest::newRow("ticket without NUL")
            << VixCredentialType::TicketedSession << hex("03000000 414243");
        QTest::newRow("sspi past block") << VixCredentialType::Sspi << hex("ffffffff 0102");
        QTest::newRow("saml truncated") << VixCredentialType::SamlBearerToken << hex("0100");
    }
    void malformedCredentialIsInvalidMessageBody()
    {
        QFETCH(quint32, type);
        QFETCH(QByteArray, block);
        auto c = VixCredential::decode(type, block);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, VixErr::InvalidMessageBody);
    }

    void binaryReplyFlagIsHonouredOnceTheCommonHeaderValidates()
    {
        QByteArray msg = startProgramMessage();
        msg[22] = char(0x81);
        QVERIFY(vixBinaryReplyRequested(envelope(msg)));
        // Refused by the stricter request checks, but still binary for vmtoolsd.
        const QByteArray badHeaderLength = withU32(withU32(msg, 10, 55), 6, 128);
        QVERIFY(!decodeVixRequest(envelope(badHeaderLength + "xxxx")).ok());
        QVERIFY(vixBinaryReplyRequested(envelope(badHeaderLength + "xxxx")));
        QVERIFY(!vixBinaryReplyRequested(envelope(withU32(msg, 0, 1))));
        QVERIFY(!vixBinaryReplyRequested(envelope(startProgramMessage())));
        QVERIFY(!vixBinaryReplyRequested(QByteArray("no nul")));
    }

    void refusalsMatchVmtoolsdOnPosix()
    {
        const auto np = VixCredential::decode(VixCredentialType::NamePassword, hex(kCredential));
        QCOMPARE(np->posixRootRefusal(), VixErr::Ok);
        const auto t =
            VixCredential::decode(VixCredentialType::TicketedSession, hex("03000000 41424300"));
        QCOMPARE(t->posixRootRefusal(), VixErr::NotSupported);
        const auto s = VixCredential::decode(VixCredentialType::Sspi, hex("00000000"));
        QCOMPARE(s->posixRootRefusal(), VixErr::NotSupported);
        const auto u = VixCredential::decode(VixCredentialType::Root, {});
        QCOMPARE(u->posixRootRefusal(), VixErr::NotSupported);
        const auto i =
            VixCredential::decode(VixCredentialType::NamedInteractiveUser, hex(kCredential));
        QCOMPARE(i->posixRootRefusal(), VixErr::Fail);
    }

    void bodyCheckOrderFollowsVmtoolsd()
    {
        QCOMPARE(vixBodyCheckOrder(VixOp::StartProgram), VixBodyCheck::BeforeAuth);
        QCOMPARE(vixBodyCheckOrder(VixOp::ListProcessesEx), VixBodyCheck::AfterAuth);
        QCOMPARE(vixBodyCheckOrder(VixOp::CreateTemporaryFileEx), VixBodyCheck::AfterAuth);
        QVERIFY(vixBodyErrorPrecedesAuth(VixOp::ReadEnvVariables, headerError({})));
        QVERIFY(!vixBodyErrorPrecedesAuth(VixOp::ReadEnvVariables, bodyError({})));
        QVERIFY(vixBodyErrorPrecedesAuth(VixOp::HgfsSendPacket, DecodeError{VixErr::Fail, {}}));
    }
};

QTEST_GUILESS_MAIN(TestVixMessage)
#include "tst_vixmessage.moc"
