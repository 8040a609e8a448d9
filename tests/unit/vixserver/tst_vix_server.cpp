// The server's request pipeline with a table of test rows and a fake
// password check: vmtoolsd's order of checks, the credential cache in front
// of the OS, error rewriting and the reply bytes.
#include "vix/codec/VixCredential.h"
#include "vix/codec/VixProcessRequests.h"
#include "vix/codec/VixReply.h"
#include "vix/codec/VixRequestBuilder.h"
#include "vix/server/CredentialVerifier.h"
#include "vix/server/VixServer.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <thread>

using namespace gk;
using namespace gk::vix;
using namespace gk::vix::server;
using namespace std::chrono_literals;

namespace {

QByteArray namePassword(const char *name, const char *password)
{
    return VixCredential::encodeNamePassword(QString::fromLatin1(name),
                                             SecretBytes(std::string_view(password)));
}

// The TCLO args of a request (what follows "Vix_1_Relayed_Command ").
QByteArray args(quint32 opCode, const QByteArray &body, quint32 credType,
                const QByteArray &credential)
{
    VixRequestSpec spec;
    spec.opCode = opCode;
    spec.body = body;
    spec.credentialType = credType;
    spec.credential = credential;
    const QByteArray command = encodeVixRelayedCommand("9", encodeVixRequestMessage(spec));
    return command.mid(command.indexOf(' ') + 1);
}

} // namespace

class TestVixServer : public QObject
{
    Q_OBJECT
private:
    int m_checks = 0;
    CredentialCache m_cache{60s};
    TicketStore m_tickets{60s};
    CredentialVerifier m_verifier{
        m_cache, m_tickets,
        [this](const QString &name, const SecretBytes &password) {
            ++m_checks;
            if (name == QLatin1String("alice") && password == std::string_view("right")) {
                GuestLogin login;
                login.account.name = name;
                login.account.uid = 1000;
                return platform::Result<GuestLogin>::success(login);
            }
            return platform::Result<GuestLogin>::failure(platform::PlatformError::make(
                platform::PlatformError::Kind::AuthenticationFailed, 0, QStringLiteral("no")));
        },
        50ms};
    VixOperationTable m_table;
    std::unique_ptr<VixServer> m_server;
    QString m_ranAs;

    // Sends args and returns the decoded reply.
    VixReply ask(const QByteArray &a) { return askThrough(*m_server, a); }

    static VixReply askThrough(VixServer &server, const QByteArray &a)
    {
        QByteArray body;
        bool answered = false;
        server.handle(a, [&](const QByteArray &b) {
            body = b;
            answered = true;
        });
        if (!QTest::qWaitFor([&] { return answered; }, 5000))
            return VixReply{VixErr::Fail, 0, "timeout"};
        auto reply = VixReply::decode(body, false);
        return reply.ok() ? reply.value() : VixReply{VixErr::Fail, 0, "undecodable"};
    }

private slots:
    void initTestCase()
    {
        using C = VixOperation::Credential;
        using T = VixOperation::Thread;
        m_table.add({VixOp::StartProgram, QStringLiteral("StartProgram"),
                     QStringLiteral("StartProgramInGuest"), C::Required, true, T::Worker,
                     [this](VixCall &call, VixDone done) {
                         m_ranAs = call.login.account.name;
                         done(OpReply::ok("4242"));
                     },
                     "-1"});
        m_table.add({VixOp::CheckUserAccount, QStringLiteral("CheckUserAccount"), QString(),
                     C::Required, true, T::EventLoop, [](VixCall &, VixDone done) {
                         done(OpReply::ok());
                     }});
        m_table.add({VixOp::GetToolsState, QStringLiteral("GetToolsState"), QString(), C::None,
                     false, T::Worker, [](VixCall &, VixDone done) {
                         done(OpReply::ok("s"));
                     }});
        // Slower than any hand-off wait, and answered from another thread.
        m_table.add({VixOp::ListProcessesEx, QStringLiteral("ListProcessesEx"), QString(),
                     C::Required, true, T::Worker, [](VixCall &, VixDone done) {
                         std::this_thread::sleep_for(30ms);
                         done(OpReply::ok("slow"));
                     }});
        m_table.add({VixOp::KillProcess, QStringLiteral("KillProcess"), QString(), C::Required,
                     true, T::Worker, [](VixCall &, VixDone done) {
                         std::thread([done] {
                             std::this_thread::sleep_for(5ms);
                             done(OpReply::ok("later"));
                         }).detach();
                     }});
        m_table.addUnavailable(VixOp::AddAuthAlias, QStringLiteral("AddGuestAlias"));
        m_server = std::make_unique<VixServer>(m_table, m_verifier, 2);
    }

    void goodCredentialsRunTheHandlerAsTheUser()
    {
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        const VixReply r =
            ask(args(VixOp::StartProgram, req.encode(), VixCredentialType::NamePasswordObfuscated,
                     namePassword("alice", "right")));
        QCOMPARE(r.error, VixErr::Ok);
        QCOMPARE(r.result, QByteArray("4242"));
        QCOMPARE(m_ranAs, QStringLiteral("alice"));
    }

    void aVerifiedPasswordIsCheckedWithTheOsOnlyOnce()
    {
        m_cache.clear();
        const int before = m_checks;
        const QByteArray a =
            args(VixOp::CheckUserAccount, {}, VixCredentialType::NamePasswordObfuscated,
                 namePassword("alice", "right"));
        QCOMPARE(ask(a).error, VixErr::Ok);
        QCOMPARE(ask(a).error, VixErr::Ok);
        QCOMPARE(ask(a).error, VixErr::Ok);
        QCOMPARE(m_checks, before + 1);
    }

    void aFailedCheckIsNeverRemembered()
    {
        const int before = m_checks;
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        const QByteArray a =
            args(VixOp::StartProgram, req.encode(), VixCredentialType::NamePasswordObfuscated,
                 namePassword("alice", "wrong"));
        const VixReply r = ask(a);
        QCOMPARE(r.error, VixErr::InvalidLoginCredentials);
        QCOMPARE(r.result, QByteArray("-1")); // StartProgram prints its pid, -1, on failure
        QCOMPARE(ask(a).error, VixErr::InvalidLoginCredentials);
        QCOMPARE(m_checks, before + 2);
        QCOMPARE(m_cache.lookup(QStringLiteral("alice"), "wrong").has_value(), false);
    }

    void oldOperationsReportBadLoginsAsPermissionProblems()
    {
        const VixReply r =
            ask(args(VixOp::CheckUserAccount, {}, VixCredentialType::NamePasswordObfuscated,
                     namePassword("alice", "wrong")));
        QCOMPARE(r.error, VixErr::GuestUserPermissions);
    }

    void badTicketIsRefusedAfterTheDelay()
    {
        QElapsedTimer t;
        t.start();
        const VixReply r =
            ask(args(VixOp::CheckUserAccount, {}, VixCredentialType::TicketedSession,
                     VixCredential::encodeTicket(SecretBytes(std::string_view(
                         "0000000000000000000000000000000000000000000000000000000000000000")))));
        QCOMPARE(r.error, VixErr::GuestUserPermissions); // 3050 rewritten for this old op
        QVERIFY(t.elapsed() >= 45);
    }

    void unsupportedCredentialTypesAreNotSupported()
    {
        QCOMPARE(ask(args(VixOp::CheckUserAccount, {}, VixCredentialType::Sspi,
                          VixCredential::encodeSspi(SecretBytes(std::string_view("tok")))))
                     .error,
                 VixErr::NotSupported);
    }

    void toolsStateNeedsNoCredentialAndIgnoresTheGlobalSwitch()
    {
        GuestOpsPolicy all;
        all.setAllDisabled(true);
        m_server->setPolicy(all);
        QCOMPARE(ask(args(VixOp::GetToolsState, {}, VixCredentialType::None, {})).result,
                 QByteArray("s"));
        // Policy comes before the opcode lookup, as in vmtoolsd.
        QCOMPARE(ask(args(4242, {}, VixCredentialType::None, {})).error, VixErr::OperationDisabled);
        m_server->setPolicy(GuestOpsPolicy());
    }

    void unknownOpcodeAndUnavailableOperation()
    {
        QCOMPARE(ask(args(4242, {}, VixCredentialType::None, {})).error,
                 VixErr::UnrecognizedCommandInGuest);
        QCOMPARE(ask(args(VixOp::AddAuthAlias, {}, VixCredentialType::None, {})).error,
                 VixErr::OperationDisabled);
    }

    void perOperationSwitchRefusesBeforeTheCredentialCheck()
    {
        GuestOpsPolicy p;
        p.setDisabled(QStringLiteral("StartProgramInGuest"), true);
        m_server->setPolicy(p);
        const int before = m_checks;
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        const VixReply r =
            ask(args(VixOp::StartProgram, req.encode(), VixCredentialType::NamePasswordObfuscated,
                     namePassword("bob", "x")));
        QCOMPARE(r.error, VixErr::OperationDisabled);
        QCOMPARE(m_checks, before);
        m_server->setPolicy(GuestOpsPolicy());
    }

    void everyAnswerComesBackWhateverTheHandOffWait()
    {
        StartProgramRequest start;
        start.programPath = QStringLiteral("/bin/true");
        const QByteArray cred = namePassword("alice", "right");
        for (const auto wait : {0us, 250us, std::chrono::microseconds(100ms)}) {
            VixServer server(m_table, m_verifier, 2, wait);
            for (int i = 0; i < 20; ++i) {
                const VixReply quick =
                    askThrough(server, args(VixOp::StartProgram, start.encode(),
                                            VixCredentialType::NamePasswordObfuscated, cred));
                QCOMPARE(quick.result, QByteArray("4242"));
            }
            QCOMPARE(
                askThrough(server, args(VixOp::ListProcessesEx, ListProcessesExRequest().encode(),
                                        VixCredentialType::NamePasswordObfuscated, cred))
                    .result,
                QByteArray("slow"));
            KillProcessRequest kill;
            kill.pid = 1;
            QCOMPARE(askThrough(server, args(VixOp::KillProcess, kill.encode(),
                                             VixCredentialType::NamePasswordObfuscated, cred))
                         .result,
                     QByteArray("later"));
        }
    }

    void aQuickAnswerIsTakenWithoutAQueuedCall()
    {
        if (QThread::idealThreadCount() < 2)
            QSKIP("the event loop never waits on one CPU");
        StartProgramRequest start;
        start.programPath = QStringLiteral("/bin/true");
        const QByteArray request =
            args(VixOp::StartProgram, start.encode(), VixCredentialType::NamePasswordObfuscated,
                 namePassword("alice", "right"));
        QCOMPARE(ask(request).error, VixErr::Ok); // the credential is cached now
        // Waiting (a long window, for a loaded machine): answered before
        // handle() returns. Not waiting: only once the event loop runs.
        for (const bool waits : {true, false}) {
            VixServer server(m_table, m_verifier, 2, waits ? 2000ms : 0ms);
            bool answered = false;
            server.handle(request, [&](const QByteArray &) { answered = true; });
            QCOMPARE(answered, waits);
            QTRY_VERIFY(answered);
        }
    }

    void malformedEnvelopeGetsAHeaderError()
    {
        QCOMPARE(ask("\"1\" no NUL").error, VixErr::InvalidMessageHeader);
    }

    void authNoneRunsAsTheGivenLogin()
    {
        GuestLogin daemon;
        daemon.account.name = QStringLiteral("daemon-user");
        m_verifier.setNoAuth(daemon);
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        QCOMPARE(ask(args(VixOp::StartProgram, req.encode(),
                          VixCredentialType::NamePasswordObfuscated, namePassword("x", "y")))
                     .error,
                 VixErr::Ok);
        QCOMPARE(m_ranAs, QStringLiteral("daemon-user"));
        m_verifier.setNoAuth(std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestVixServer)
#include "tst_vix_server.moc"
