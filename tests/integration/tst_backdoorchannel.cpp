// The whole daemon over the backdoor GuestRPC protocol, without a VM:
// guestkitd on sim-backdoor:unix:PATH forwards each backdoor call to the
// simulator's emulator, which bridges its TCLO and RPCI channels to the
// simulator. The handshake, ping, an RPCI from guestkit and a VIX operation
// all go through the message protocol (low and high bandwidth).
#include "GuestkitdProcess.h"
#include "RunProgram.h"
#include "vix/codec/VixConstants.h"
#include "vmx/BackdoorBridge.h"
#include "vmx/VixClient.h"
#include "vmx/VmxSimulator.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace gk;

class TstBackdoorChannel : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<vmx::VmxSimulator> m_sim;
    std::unique_ptr<GuestkitdProcess> m_daemon;

    QString socketPath() const { return m_dir->filePath(QStringLiteral("vmx.sock")); }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_sim = std::make_unique<vmx::VmxSimulator>();
        QString error;
        QVERIFY2(m_sim->listen(*channel::ChannelEndpoint::parse(
                                   QStringLiteral("sim:unix:") + socketPath(), nullptr),
                               &error),
                 qPrintable(error));
        m_daemon = std::make_unique<GuestkitdProcess>();
    }
    void cleanup()
    {
        m_daemon.reset();
        m_sim.reset();
        m_dir.reset();
    }

    void daemonHandshakePingRpciAndVixOverTheBackdoor_data()
    {
        QTest::addColumn<bool>("highBandwidth");
        QTest::newRow("high bandwidth") << true;
        QTest::newRow("low bandwidth") << false;
    }
    void daemonHandshakePingRpciAndVixOverTheBackdoor()
    {
        QFETCH(bool, highBandwidth);
        m_sim->backdoor().emulator().setOptions({true, highBandwidth});
        QVERIFY(m_daemon->start(QStringLiteral("sim-backdoor:unix:") + socketPath(),
                                m_dir->filePath(QStringLiteral("guestkit.conf"))));
        QVERIFY2(m_sim->waitForGuest(20000), m_daemon->stderrText().constData());
        QCOMPARE(m_sim->resetReply(), QByteArray("OK ATR toolbox"));
        // The capabilities came over the backdoor's RPCI channel.
        QVERIFY(m_sim->waitForRpci("tools.capability.", 10000));

        const vmx::TcloResult ping = m_sim->call("ping", 5000);
        QVERIFY(ping.delivered);
        QCOMPARE(ping.reply, QByteArray("OK "));

        vmx::VixClient client(*m_sim, {});
        const vmx::VixCallResult state = client.callAnonymous(vix::VixOp::GetToolsState, {});
        QVERIFY2(state.ok(), qPrintable(QString::number(state.reply.error)));
        QVERIFY(!state.reply.result.isEmpty());

        // guestkit over the same backdoor (its own channel, its own process).
        m_sim->guest().variables.insert("guestinfo.color", "blue");
        const ProgramResult get =
            runProgram(QStringLiteral(GUESTKIT_PATH),
                       {"--channel", QStringLiteral("sim-backdoor:unix:") + socketPath(), "info",
                        "get", "color"});
        QVERIFY2(get.exitCode == 0, get.describe());
        QCOMPARE(get.out, QByteArray("blue\n"));

        const vmx::BackdoorEmulator &bd = m_sim->backdoor().emulator();
        QVERIFY(bd.lowCalls() > 20); // opens, sizes, statuses, polls
        if (highBandwidth)
            QVERIFY(bd.highCalls() > 0);
        else
            QCOMPARE(bd.highCalls(), 0u);
    }
};

QTEST_GUILESS_MAIN(TstBackdoorChannel)
#include "tst_backdoorchannel.moc"
