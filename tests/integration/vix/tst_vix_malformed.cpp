// Malformed Vix_1_Relayed_Command input through the real daemon: every one
// gets an error reply, and the daemon keeps answering `ping`.
#include "VixTestRig.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixProcessRequests.h"
#include "vix/codec/VixReply.h"

#include <QTest>
#include <QtEndian>

using namespace gk;
using namespace gk::vix;

class TestVixMalformed : public QObject
{
    Q_OBJECT
private:
    test::VixTestRig m_rig;

    // The message part of a relayed command starts after the name's NUL.
    static qsizetype messageStart(const QByteArray &command) { return command.indexOf('\0') + 1; }

    QByteArray validStart()
    {
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        return m_rig.client({QStringLiteral("root"), QStringLiteral("x"), {}})
            .relayedCommand(VixOp::StartProgram, req.encode());
    }

    static void put32(QByteArray &bytes, qsizetype at, quint32 value)
    {
        qToLittleEndian(value, bytes.data() + at);
    }

    // Sends raw, expects "OK <error> ..." with the error in `allowed`, then a ping.
    void expectRefused(const QByteArray &command, QList<VixError> allowed)
    {
        const vmx::TcloResult r = m_rig.sim().call(command, 10000);
        QVERIFY2(r.delivered, "no reply");
        QVERIFY2(r.ok(), r.reply.constData());
        const auto reply = VixReply::decode(r.body(), false);
        QVERIFY(reply.ok());
        QVERIFY2(allowed.contains(reply->error),
                 qPrintable(QStringLiteral("got %1").arg(reply->error)));
        QVERIFY(m_rig.pingOk());
    }

private slots:
    void initTestCase()
    {
        QString why;
        QVERIFY2(m_rig.start("[auth]\nmode = none\n", &why), qPrintable(why));
    }

    void wellFormedRequestSucceeds()
    {
        const vmx::TcloResult r = m_rig.sim().call(validStart(), 10000);
        QVERIFY(r.ok());
        const auto reply = VixReply::decode(r.body(), false);
        QVERIFY(reply.ok());
        QCOMPARE(reply->error, VixErr::Ok);
        QVERIFY(reply->result.toLongLong() > 0);
    }

    void noArgumentsAtAll()
    {
        expectRefused("Vix_1_Relayed_Command", {VixErr::InvalidMessageHeader});
    }

    void envelopeWithoutNul()
    {
        expectRefused("Vix_1_Relayed_Command \"1\" no nul here", {VixErr::InvalidMessageHeader});
    }

    void truncatedHeader()
    {
        const QByteArray c = validStart();
        expectRefused(c.left(messageStart(c) + 30), {VixErr::InvalidMessageHeader});
    }

    void wrongMagic()
    {
        QByteArray c = validStart();
        put32(c, messageStart(c), 0xdeadbeef);
        expectRefused(c, {VixErr::InvalidMessageHeader});
    }

    void totalLengthPastTheEnd()
    {
        QByteArray c = validStart();
        put32(c, messageStart(c) + 6, quint32(c.size()) + 100);
        expectRefused(c, {VixErr::InvalidMessageHeader});
    }

    void bodyLengthNearFourGigabytes()
    {
        QByteArray c = validStart();
        put32(c, messageStart(c) + 14, 0xFFFFFFF0u);
        expectRefused(c, {VixErr::InvalidMessageHeader});
    }

    void credentialLengthNearFourGigabytes()
    {
        QByteArray c = validStart();
        put32(c, messageStart(c) + 18, 0xFFFFFFFFu);
        expectRefused(c, {VixErr::InvalidMessageHeader});
    }

    void stringLengthPointingPastTheBody()
    {
        QByteArray c = validStart();
        // programPathLength: after the header and the 1-byte startMinimized.
        put32(c, messageStart(c) + 51 + 1, 60000);
        // The header is intact; the body parser finds too few bytes for the
        // string: VIX_E_INVALID_MESSAGE_BODY (foundryMsg.c
        // __VMAutomationMsgParserGetData).
        expectRefused(c, {VixErr::InvalidMessageBody});
    }

    void stringWithoutItsNul()
    {
        QByteArray c = validStart();
        const qsizetype path = messageStart(c) + 51 + StartProgramRequest::kFixedSize;
        QCOMPARE(c.mid(path, 10), QByteArray("/bin/true\0", 10));
        c[int(path + 9)] = 'X'; // the NUL that ends the path
        // __VMAutomationValidateString: no NUL where the length says.
        expectRefused(c, {VixErr::InvalidMessageBody});
    }

    void missingProgramIsAnInvalidArgument()
    {
        StartProgramRequest req; // no program path
        const QByteArray c = m_rig.client({QStringLiteral("root"), QStringLiteral("x"), {}})
                                 .relayedCommand(VixOp::StartProgram, req.encode());
        expectRefused(c, {VixErr::InvalidArg});
    }

    void shortBodyOfAnUnauthenticatedOperation()
    {
        // WaitForTools needs no credentials; a 3-byte body is still refused.
        const QByteArray c = m_rig.client().relayedCommand(VixOp::WaitForTools, "abc");
        expectRefused(c, {VixErr::InvalidMessageHeader});
    }

    void refusalKeepsTheBinaryFormOnceTheCommonHeaderPassed()
    {
        QByteArray c = validStart();
        const qsizetype m = messageStart(c);
        c[int(m + 22)] = char(VixCommonFlag::Request | VixCommonFlag::GuestReturnsBinary);
        put32(c, m + 10, 50); // headerLength: passes VixMsg_ValidateMessage, not the request check
        const vmx::TcloResult r = m_rig.sim().call(c, 10000);
        QVERIFY(r.ok());
        QCOMPARE(r.body(), QByteArray("10000 0 #"));
        QVERIFY(m_rig.pingOk());
    }

    void garbageAfterTheName()
    {
        expectRefused(QByteArray("Vix_1_Relayed_Command \"7\"\0", 26) + QByteArray(200, '\xff'),
                      {VixErr::InvalidMessageHeader});
    }

    void unknownOpcodeIsUnrecognisedInGuest()
    {
        const QByteArray c = m_rig.client({QStringLiteral("root"), QStringLiteral("x"), {}})
                                 .relayedCommand(4242, {});
        expectRefused(c, {VixErr::UnrecognizedCommandInGuest});
    }
};

QTEST_GUILESS_MAIN(TestVixMalformed)
#include "tst_vix_malformed.moc"
