// The whole daemon over the backdoor GuestRPC protocol, without a VM:
// guestkitd on sim-backdoor:unix:PATH forwards each backdoor call to the
// simulator's emulator, which bridges its TCLO and RPCI channels to the
// simulator. The handshake, ping, an RPCI from guestkit, a VIX operation and
// an HGFS upload and download all go through the message protocol (low and
// high bandwidth).
#include "BuildPaths.h"
#include "GuestkitdProcess.h"
#include "RunProgram.h"
#include "vix/codec/VixConstants.h"
#include "vmx/BackdoorBridge.h"
#include "vmx/HgfsClient.h"
#include "vmx/VixClient.h"
#include "vmx/VmxSimulator.h"

#include <QBuffer>
#include <QFile>
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
        // auth = none: the HGFS transfer runs as the daemon's own user.
        QVERIFY(m_daemon->start(QStringLiteral("sim-backdoor:unix:") + socketPath(),
                                m_dir->filePath(QStringLiteral("guestkit.conf")),
                                "[logging]\nsyslog = false\n[auth]\nmode = none\n"));
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
            runProgram(gk::test::guestkitPath(),
                       {"--channel", QStringLiteral("sim-backdoor:unix:") + socketPath(), "info",
                        "get", "color"});
        QVERIFY2(get.exitCode == 0, get.describe());
        QCOMPARE(get.out, QByteArray("blue\n"));

        // An HGFS transfer: two packets each way, through VIX HgfsSendPacket
        // requests carried by TCLO over the backdoor.
        QByteArray data(90 * 1024, Qt::Uninitialized);
        for (int i = 0; i < data.size(); ++i)
            data[i] = char((i * 7 + i / 251) & 0xff);
        const QString remote = m_dir->filePath(QStringLiteral("over-backdoor.bin"));
        QBuffer source(&data);
        QVERIFY(source.open(QIODevice::ReadOnly));
        vmx::HgfsClient hgfs(vmx::hgfsOverVix(client));
        const vmx::HgfsOutcome up = hgfs.upload(source, data.size(), remote, false);
        QVERIFY2(up.ok(), qPrintable(up.message()));
        QFile written(remote);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(written.readAll() == data);
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        const vmx::HgfsOutcome down = hgfs.download(remote, sink);
        QVERIFY2(down.ok(), qPrintable(down.message()));
        QVERIFY(sink.data() == data);

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
