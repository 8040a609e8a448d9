// The Windows guestkitd (the real guestkitd.exe, under Wine in CI) connected
// to the simulated VMX with --channel sim:tcp:127.0.0.1:PORT: the handshake,
// ping, and a guest program run through VIX with its exit code. auth=none,
// because Wine has no real logon (docs/windows.md).
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixProcessRequests.h"
#include "vmx/DaemonLauncher.h"
#include "vmx/VixClient.h"
#include "vmx/VmxSimulator.h"

#include <QThread>
#include <QtTest>

using namespace gk;
using namespace gk::vix;

class TestWineGuestkitd : public QObject
{
    Q_OBJECT
    vmx::VmxSimulator m_sim;
    vmx::DaemonLauncher m_daemon;

    vmx::VixClient client()
    {
        return vmx::VixClient(m_sim, {QStringLiteral("any"), QStringLiteral("any"), {}});
    }

private slots:
    void initTestCase()
    {
        QString why;
        const auto endpoint =
            channel::ChannelEndpoint::parse(QStringLiteral("sim:tcp:127.0.0.1:0"), &why);
        QVERIFY2(endpoint && m_sim.listen(*endpoint, &why), qPrintable(why));
        QVERIFY(m_sim.endpoint().port != 0);
        QVERIFY2(m_daemon.start(QStringLiteral(GUESTKITD_PATH), m_sim.endpoint(),
                                "[logging]\nsyslog = false\n[auth]\nmode = none\n",
                                QStringLiteral("warning"), &why),
                 qPrintable(why));
        // Wine starts a process in about a second; a cold prefix takes longer.
        QVERIFY2(m_sim.waitForGuest(120000), "guestkitd.exe did not connect");
    }

    void handshakeAnnouncesTheToolsAndPingAnswers()
    {
        QVERIFY(m_sim.waitForRpci("tools.capability.features", 30000));
        QVERIFY(!m_sim.resetReply().isEmpty());
        QCOMPARE(m_sim.call("ping", 10000).reply, QByteArray("OK "));
    }

    void startProgramReportsTheExitCodeOfCmd()
    {
        vmx::VixClient c = client();
        StartProgramRequest req;
        req.programPath = QStringLiteral("C:\\windows\\system32\\cmd.exe");
        req.arguments = QStringLiteral("/c exit 3");
        const vmx::VixCallResult r = c.call(VixOp::StartProgram, req.encode());
        QVERIFY2(r.ok(), qPrintable(r.problem + QString::number(quint64(r.reply.error))));
        const qint64 pid = r.reply.result.toLongLong();
        QVERIFY(pid > 0);
        std::optional<vmx::GuestProcess> ended;
        for (int i = 0; i < 400 && !ended; ++i) {
            QList<vmx::GuestProcess> procs;
            QVERIFY(vmx::listProcessesEx(c, {quint64(pid)}, &procs).ok());
            QCOMPARE(procs.size(), 1);
            if (procs.first().exitTime != 0)
                ended = procs.first();
            else
                QTest::qWait(50);
        }
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 3);
        QVERIFY((ended->name + ended->cmd).contains(QStringLiteral("cmd"), Qt::CaseInsensitive));
    }

    void processListShowsTheDaemonItself()
    {
        vmx::VixClient c = client();
        QList<vmx::GuestProcess> procs;
        QVERIFY(vmx::listProcessesEx(c, {}, &procs).ok());
        bool found = false;
        for (const vmx::GuestProcess &p : procs)
            found = found ||
                    (p.name + p.cmd).contains(QStringLiteral("guestkitd.exe"), Qt::CaseInsensitive);
        QVERIFY(found);
        QCOMPARE(m_sim.call("ping", 10000).reply, QByteArray("OK "));
    }
};

QTEST_GUILESS_MAIN(TestWineGuestkitd)
#include "tst_wine_guestkitd.moc"
