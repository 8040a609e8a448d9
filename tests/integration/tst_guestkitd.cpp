// The real guestkitd against the VMX simulator over the sim channel: the
// handshake, TCLO answers, what arrives over RPCI, reconnects, garbage on the
// wire, idleness and shutdown on signals.
#include "GuestkitdProcess.h"
#include "ProcStatus.h"
#include "channel/SimFrameCodec.h"
#include "guestinfo/PrimaryAddress.h"
#include "vmx/VmxSimulator.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <csignal>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using gk::vmx::VmxSimulator;

namespace {

QByteArray nul(const QByteArray &text)
{
    return text + '\0';
}

// Context switches and CPU ticks of every thread of a process: any wakeup
// (timer, poll, signal) moves at least one of them.
struct Activity
{
    qint64 switches = 0;
    qint64 ticks = 0;
    bool operator==(const Activity &o) const { return switches == o.switches && ticks == o.ticks; }
};

Activity activityOf(qint64 pid)
{
    Activity a;
    const QString base = QStringLiteral("/proc/%1").arg(pid);
    const QStringList tasks =
        QDir(base + QStringLiteral("/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks) {
        QFile status(base + QStringLiteral("/task/") + task + QStringLiteral("/status"));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("voluntary_ctxt_switches:") ||
                line.startsWith("nonvoluntary_ctxt_switches:"))
                a.switches += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
    }
    QFile stat(base + QStringLiteral("/stat"));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        // utime and stime are fields 14 and 15 of proc(5); 3 is the first after the name.
        a.ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
    }
    return a;
}

// A service manager's end of the sd_notify protocol: a datagram socket.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path.toLocal8Bit())
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr = {};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, m_path.constData(), size_t(m_path.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
            qFatal("cannot bind %s", m_path.constData());
    }
    ~NotifySocket() { ::close(m_fd); }

    // The next datagram, or empty after timeoutMs.
    QByteArray receive(int timeoutMs)
    {
        pollfd p = {m_fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) != 1)
            return {};
        char buf[512];
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        return n > 0 ? QByteArray(buf, int(n)) : QByteArray();
    }

private:
    QByteArray m_path;
    int m_fd = -1;
};

} // namespace

class TstGuestkitd : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<VmxSimulator> m_sim;
    std::unique_ptr<GuestkitdProcess> m_daemon;
    QList<QByteArray> m_rawRpci; // every RPCI request as it arrived, NULs included

    QString socketPath() const { return m_dir->filePath(QStringLiteral("vmx.sock")); }
    QString configPath() const { return m_dir->filePath(QStringLiteral("guestkit.conf")); }

    bool listen(const QString &endpoint)
    {
        m_sim = std::make_unique<VmxSimulator>();
        connect(m_sim.get(), &VmxSimulator::rpciAnswered, this, [this](const QByteArray &request) {
            // The guest info report (tst_guestinfo_integration) runs
            // alongside the handshake; these tests follow the core's RPCIs.
            if (!request.startsWith("SetGuestInfo ") && !request.startsWith("SetGuestDiskInfo "))
                m_rawRpci.append(request);
        });
        QString error;
        const auto ep = gk::channel::ChannelEndpoint::parse(endpoint, &error);
        if (!ep || !m_sim->listen(*ep, &error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }

    bool startDaemon()
    {
        m_daemon = std::make_unique<GuestkitdProcess>();
        return m_daemon->start(m_sim->endpoint().toString(), configPath());
    }

    // The simulator and a daemon that has answered reset and the handshake.
    bool startBoth()
    {
        return listen(QStringLiteral("sim:unix:") + socketPath()) && startDaemon() &&
               m_sim->waitForGuest(10000);
    }

    // The handshake's RPCIs all went out.
    bool handshakeRpcisDone()
    {
        return m_sim->waitForRpci("info-set guestinfo.ip", 5000) &&
               m_sim->waitForRpci("log ", 5000);
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_rawRpci.clear();
    }

    void cleanup()
    {
        if (QTest::currentTestFailed() && m_daemon)
            qWarning().noquote() << "guestkitd stderr:\n" << m_daemon->stderrText();
        m_daemon.reset();
        m_sim.reset();
        m_dir.reset();
    }

    void resetHandshakeAnswersAtrToolbox()
    {
        QVERIFY(startBoth());
        QCOMPARE(m_sim->resetReply(), QByteArray("OK ATR toolbox"));
        QVERIFY(m_sim->waitForRpci("vmx.capability.unified_loop", 5000));
        QCOMPARE(m_sim->guest().unifiedLoop, QByteArray("toolbox"));
    }

    void pingAnswersOk()
    {
        QVERIFY(startBoth());
        for (int i = 0; i < 100; ++i) {
            const auto r = m_sim->call("ping", 5000);
            QVERIFY(r.delivered);
            QCOMPARE(r.reply, QByteArray("OK "));
        }
    }

    void handshakeSendsExactRpcisInVmtoolsdOrder()
    {
        QVERIFY(startBoth());
        QVERIFY(handshakeRpcisDone());
        QList<QByteArray> expected{
            nul("vmx.capability.unified_loop toolbox"),
            nul("log toolbox: Version: guestkit " GUESTKIT_VERSION),
            // mainLoop.c ToolsCoreReportVersionData
            nul("info-set guestinfo.vmtools.description guestkit " GUESTKIT_VERSION),
            nul("info-set guestinfo.vmtools.versionString " GUESTKIT_VERSION),
            nul("info-set guestinfo.vmtools.versionNumber 2147483647"),
            nul("info-set guestinfo.vmtools.buildNumber 0"),
            // The power module's capabilities (powerOps.c): value-less, no NUL.
            "tools.capability.statechange ",
            "tools.capability.softpowerop_retry ",
            // The VIX module's feature capability (GUEST_CAP_HOST_VERIFIED_SAML_TOKEN).
            nul("tools.capability.features 37=0"),
            nul("tools.capability.guest_conf_directory " + m_dir->path().toUtf8()),
            nul("tools.set.versiontype 2147483647 4"),
        };
        // Set_Option broadcastIP 1 from the simulator's handshake: sent even
        // when empty, as vmtoolsd does.
        expected.append(nul("info-set guestinfo.ip " + gk::guestinfo::primaryIPv4().toLatin1()));
        QCOMPARE(m_rawRpci, expected);
        QCOMPARE(m_sim->guest().toolsVersion, QByteArray("2147483647"));
        QCOMPARE(m_sim->guest().toolsVersionType, QByteArray("4"));
        QCOMPARE(m_sim->guest().confDirectory, m_dir->path().toUtf8());
    }

    void capabilitiesRegisterAgainResendsVersion()
    {
        QVERIFY(startBoth());
        QVERIFY(handshakeRpcisDone());
        m_rawRpci.clear();
        QCOMPARE(m_sim->call("Capabilities_Register").reply, QByteArray("OK "));
        // The reply comes after the RPCIs were answered, as in toolsRpc.c.
        QCOMPARE(m_rawRpci,
                 (QList<QByteArray>{
                     "tools.capability.statechange ", "tools.capability.softpowerop_retry ",
                     nul("tools.capability.features 37=0"),
                     nul("tools.capability.guest_conf_directory " + m_dir->path().toUtf8()),
                     nul("tools.set.versiontype 2147483647 4")}));
    }

    void setOptionBroadcastIpReportsPrimaryAddress()
    {
        QVERIFY(startBoth());
        QVERIFY(handshakeRpcisDone());
        const QString ip = gk::guestinfo::primaryIPv4();
        if (ip.isEmpty())
            QSKIP("this machine has no non-loopback IPv4 address to report");
        m_sim->guest().variables.clear();
        QCOMPARE(m_sim->call("Set_Option broadcastIP 1").reply, QByteArray("OK "));
        QVERIFY(m_sim->waitForRpci("info-set guestinfo.ip", 5000));
        QTRY_COMPARE(m_sim->guest().variables.value("guestinfo.ip"), ip.toLatin1());
    }

    void setOptionRefusesUnknownOrInvalid()
    {
        QVERIFY(startBoth());
        QCOMPARE(m_sim->call("Set_Option broadcastIP 0").reply, QByteArray("OK "));
        QCOMPARE(m_sim->call("Set_Option broadcastIP 2").reply,
                 QByteArray("ERROR Unknown or invalid option"));
        QCOMPARE(m_sim->call("Set_Option no.such.option 1").reply,
                 QByteArray("ERROR Unknown or invalid option"));
        QCOMPARE(m_sim->call("Set_Option").reply, QByteArray("ERROR Unknown or invalid option"));
    }

    void unknownAndEmptyCommandsGetVmtoolsdErrors()
    {
        QVERIFY(startBoth());
        QCOMPARE(m_sim->call("No_Such_Command").reply, QByteArray("ERROR Unknown Command"));
        QCOMPARE(m_sim->call(QByteArray("Vix_9 \x00\xff\x01", 9)).reply,
                 QByteArray("ERROR Unknown Command"));
        QCOMPARE(m_sim->call("").reply, QByteArray("ERROR Bad command"));
        QCOMPARE(m_sim->call("  ping").reply, QByteArray("OK "));
        QCOMPARE(m_sim->call(QByteArray("ping\0", 5)).reply, QByteArray("OK "));
    }

    void reconnectsAfterVmxDropsTcloAndAnswersResetAgain()
    {
        QVERIFY(startBoth());
        for (int round = 0; round < 3; ++round) {
            QSignalSpy ready(m_sim.get(), &VmxSimulator::guestReady);
            QElapsedTimer timer;
            timer.start();
            m_sim->dropTclo();
            QVERIFY(!m_sim->isGuestReady());
            QVERIFY(ready.wait(5000));
            // The first retry waits 100 ms; a successful connection starts the back-off over.
            QVERIFY2(timer.elapsed() >= 90 && timer.elapsed() < 1000,
                     qPrintable(QString::number(timer.elapsed())));
            QCOMPARE(m_sim->resetReply(), QByteArray("OK ATR toolbox"));
            QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
        }
        QVERIFY(m_daemon->isRunning());
    }

    void startsBeforeVmxAndConnectsWhenItAppears()
    {
        m_daemon = std::make_unique<GuestkitdProcess>();
        QVERIFY(m_daemon->start(QStringLiteral("sim:unix:") + socketPath(), configPath()));
        QTest::qWait(400); // a few failed attempts: 100, 200 ms
        QVERIFY(m_daemon->isRunning());
        QVERIFY(listen(QStringLiteral("sim:unix:") + socketPath()));
        QVERIFY(m_sim->waitForGuest(5000));
        QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
    }

    void reconnectsWhenVmxRestarts()
    {
        QVERIFY(startBoth());
        m_sim.reset(); // the VMX process goes away, socket and all
        QTest::qWait(300);
        QVERIFY(m_daemon->isRunning());
        QVERIFY(listen(QStringLiteral("sim:unix:") + socketPath()));
        const bool ok = m_sim->waitForGuest(8000);
        if (!ok)
            qWarning("%s", m_daemon->stderrText().right(3000).constData());
        QVERIFY(ok);
        QCOMPARE(m_sim->resetReply(), QByteArray("OK ATR toolbox"));
    }

    void oversizedFrameClosesConnectionAndDaemonReconnects()
    {
        QVERIFY(startBoth());
        QSignalSpy lost(m_sim.get(), &VmxSimulator::guestLost);
        QSignalSpy ready(m_sim.get(), &VmxSimulator::guestReady);
        QByteArray header(4, '\0');
        qToBigEndian<quint32>(quint32(gk::channel::kSimMaxFrame) + 1, header.data());
        m_sim->sendRawOnTclo(header);
        QVERIFY(lost.wait(5000));
        QVERIFY(ready.wait(5000));
        QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
    }

    void survivesGarbageOnTheWire()
    {
        QVERIFY(startBoth());
        QRandomGenerator rng(20261125);
        for (int round = 0; round < 6; ++round) {
            QByteArray junk(1 + int(rng.bounded(200)), '\0');
            for (char &c : junk)
                c = char(rng.bounded(256));
            QSignalSpy ready(m_sim.get(), &VmxSimulator::guestReady);
            switch (round % 3) {
            case 0: // random bytes, then the VMX hangs up
                m_sim->sendRawOnTclo(junk);
                m_sim->dropTclo();
                break;
            case 1: { // a well-framed command of random bytes: answered, not fatal
                const auto r = m_sim->call(junk, 5000);
                QVERIFY(r.delivered);
                QVERIFY2(r.reply.startsWith("ERROR "), r.reply.constData());
                QVERIFY(m_sim->isGuestReady());
                QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
                m_sim->dropTclo();
                break;
            }
            case 2: // a truncated frame, then the VMX hangs up
                m_sim->sendRawOnTclo(QByteArray("\x00\x00\x01\x00", 4) + junk.left(10));
                m_sim->dropTclo();
                break;
            }
            QVERIFY2(ready.wait(5000), qPrintable(QStringLiteral("round %1").arg(round)));
            QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
        }
        QVERIFY(m_daemon->isRunning());
    }

    void logLevelOptionFiltersWhatIsLogged()
    {
        QVERIFY(startBoth()); // --log-level debug
        QCOMPARE(m_sim->call("No_Such_Command").reply, QByteArray("ERROR Unknown Command"));
        QTRY_VERIFY(m_daemon->stderrText().contains(
            "[Debug] guestkit.dispatch: unknown command \"No_Such_Command\""));
        QVERIFY(m_daemon->stderrText().contains("[Information] guestkit.tclo: connected: TCLO"));

        QVERIFY(m_daemon->signalAndWait(SIGTERM) >= 0);
        QTRY_VERIFY(!m_sim->isGuestReady());
        GuestkitdProcess quiet;
        QVERIFY(quiet.start(m_sim->endpoint().toString(), configPath(),
                            "[logging]\nsyslog = false\n",
                            {QStringLiteral("--log-level"), QStringLiteral("warning")}));
        QVERIFY(m_sim->waitForGuest(10000));
        QCOMPARE(m_sim->call("No_Such_Command").reply, QByteArray("ERROR Unknown Command"));
        QTest::qWait(100);
        QVERIFY2(quiet.stderrText().isEmpty(), quiet.stderrText().constData());
    }

    void idleDaemonNeverWakesUp()
    {
        QElapsedTimer sinceStart;
        sinceStart.start();
        QVERIFY(startBoth());
        QVERIFY(handshakeRpcisDone());
        // Let the start-up work drain (the guest info gathers that follow
        // reset and Capabilities_Register run on a worker): settled once
        // 300 ms pass without a context switch.
        Activity before = activityOf(m_daemon->pid());
        for (int i = 0; i < 20; ++i) {
            QTest::qWait(300);
            const Activity now = activityOf(m_daemon->pid());
            if (now == before)
                break;
            before = now;
        }
        // The window covers main()'s 5 s readiness grace timer, which must be
        // stopped once the VMX has answered, and a second more.
        QTest::qWait(int(std::max<qint64>(1000, 6000 - sinceStart.elapsed())));
        QVERIFY(sinceStart.elapsed() >= 6000);
        const Activity after = activityOf(m_daemon->pid());
        QVERIFY2(after == before,
                 qPrintable(QStringLiteral("context switches %1 -> %2, ticks %3 -> %4")
                                .arg(before.switches)
                                .arg(after.switches)
                                .arg(before.ticks)
                                .arg(after.ticks)));
    }

    // Once the first guest info report after reset is out, the daemon gives
    // back the pages only start-up used (platform/MemoryTrim.h), once; it
    // goes on answering, and holds fewer file pages than a daemon that keeps
    // them ([daemon] trim_memory = false).
    void givesBackStartupPagesOnceSettled()
    {
        const QByteArray trimLine = "start-up over: ";
        QVERIFY(listen(QStringLiteral("sim:unix:") + socketPath()));
        GuestkitdProcess keeping;
        QVERIFY(keeping.start(m_sim->endpoint().toString(), configPath(),
                              "[logging]\nsyslog = false\n[daemon]\ntrim_memory = false\n"));
        QVERIFY(m_sim->waitForGuest(10000));
        QVERIFY(handshakeRpcisDone());
        QTRY_VERIFY(keeping.stderrText().count("guestkit.guestinfo: gathered;") >= 1);
        QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
        const qint64 kept = procStatusKb(keeping.pid(), "RssFile:");
        QVERIFY(!keeping.stderrText().contains(trimLine));
        QVERIFY(keeping.signalAndWait(SIGTERM) >= 0);
        QTRY_VERIFY(!m_sim->isGuestReady());

        QVERIFY(startDaemon());
        QVERIFY(m_sim->waitForGuest(10000));
        QVERIFY(handshakeRpcisDone());
        QTRY_VERIFY(m_daemon->stderrText().contains(trimLine));
        const QByteArray log = m_daemon->stderrText();
        const QByteArray line = log.mid(log.indexOf(trimLine) + trimLine.size()).split('\n')[0];
        // "N KiB of pages given back (M objects)"
        const QList<QByteArray> words = line.split(' ');
        QVERIFY2(words.size() >= 8 && words[0].toLongLong() > 1024 && words[6].mid(1).toInt() >= 3,
                 line.constData());
        QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
        const qint64 trimmed = procStatusKb(m_daemon->pid(), "RssFile:");
        QVERIFY2(trimmed > 0 && trimmed < kept,
                 qPrintable(QStringLiteral("%1 KiB kept, %2 KiB trimmed").arg(kept).arg(trimmed)));

        // Later reports and operations bring back what they use; no second trim.
        const int gathers = m_daemon->stderrText().count("guestkit.guestinfo: gathered;");
        QCOMPARE(m_sim->call("Capabilities_Register").reply, QByteArray("OK "));
        QTRY_VERIFY(m_daemon->stderrText().count("guestkit.guestinfo: gathered;") > gathers);
        QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
        QCOMPARE(m_daemon->stderrText().count(trimLine), 1);
    }

    void sigtermStopsWithinOneSecond()
    {
        QVERIFY(startBoth());
        const qint64 ms = m_daemon->signalAndWait(SIGTERM);
        QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QString::number(ms)));
        QCOMPARE(m_daemon->process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_daemon->process().exitCode(), 0);
    }

    void notifiesServiceManagerWhenReadyAndWhenStopping()
    {
        NotifySocket manager(m_dir->filePath(QStringLiteral("notify.sock")));
        QVERIFY(listen(QStringLiteral("sim:unix:") + socketPath()));
        m_daemon = std::make_unique<GuestkitdProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NOTIFY_SOCKET"), m_dir->filePath(QStringLiteral("notify.sock")));
        m_daemon->process().setProcessEnvironment(env);
        QVERIFY(m_daemon->start(m_sim->endpoint().toString(), configPath()));
        QVERIFY(m_sim->waitForGuest(10000));
        QCOMPARE(manager.receive(5000), QByteArray("READY=1\nSTATUS=connected to the VMX"));
        QVERIFY(m_daemon->signalAndWait(SIGTERM) >= 0);
        QCOMPARE(manager.receive(2000), QByteArray("STOPPING=1"));
        QCOMPARE(manager.receive(100), QByteArray()); // ready was sent once only
    }

    void notifiesReadyAtOnceWhenNoVmxListens()
    {
        NotifySocket manager(m_dir->filePath(QStringLiteral("notify.sock")));
        m_daemon = std::make_unique<GuestkitdProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NOTIFY_SOCKET"), m_dir->filePath(QStringLiteral("notify.sock")));
        m_daemon->process().setProcessEnvironment(env);
        QVERIFY(m_daemon->start(QStringLiteral("sim:unix:") + socketPath(), configPath()));
        // No VMX: ready as soon as the first connection fails, well before
        // main()'s 5 s grace period, so that boot does not wait on it.
        QCOMPARE(manager.receive(3000), QByteArray("READY=1\nSTATUS=waiting for the VMX"));
        QVERIFY(listen(QStringLiteral("sim:unix:") + socketPath()));
        QVERIFY(m_sim->waitForGuest(8000));
        QCOMPARE(manager.receive(200), QByteArray()); // no second READY
    }

    void pingsTheWatchdogWhenTheServiceManagerAsks()
    {
        NotifySocket manager(m_dir->filePath(QStringLiteral("notify.sock")));
        m_daemon = std::make_unique<GuestkitdProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NOTIFY_SOCKET"), m_dir->filePath(QStringLiteral("notify.sock")));
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("400000"));
        m_daemon->process().setProcessEnvironment(env);
        QVERIFY(m_daemon->start(QStringLiteral("sim:unix:") + socketPath(), configPath()));
        QCOMPARE(manager.receive(3000), QByteArray("READY=1\nSTATUS=waiting for the VMX"));
        // Half the interval apart.
        QCOMPARE(manager.receive(1000), QByteArray("WATCHDOG=1"));
        QCOMPARE(manager.receive(1000), QByteArray("WATCHDOG=1"));
    }

    void sigintStopsWithinOneSecond()
    {
        QVERIFY(startBoth());
        const qint64 ms = m_daemon->signalAndWait(SIGINT);
        QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QString::number(ms)));
        QCOMPARE(m_daemon->process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_daemon->process().exitCode(), 0);
    }

    void sigtermStopsWhileWaitingToReconnect()
    {
        m_daemon = std::make_unique<GuestkitdProcess>();
        QVERIFY(m_daemon->start(QStringLiteral("sim:unix:") + socketPath(), configPath()));
        // Up and failing to connect (no VMX listens): the back-off timer runs.
        QTRY_VERIFY_WITH_TIMEOUT(m_daemon->stderrText().contains("retrying in"), 10000);
        const qint64 ms = m_daemon->signalAndWait(SIGTERM);
        QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QString::number(ms)));
        QCOMPARE(m_daemon->process().exitCode(), 0);
    }

    void handshakeWorksOverTcpLoopback()
    {
        QVERIFY(listen(QStringLiteral("sim:tcp:127.0.0.1:0")));
        QVERIFY(m_sim->endpoint().port != 0);
        QVERIFY(startDaemon());
        QVERIFY(m_sim->waitForGuest(10000));
        QCOMPARE(m_sim->resetReply(), QByteArray("OK ATR toolbox"));
        QVERIFY(handshakeRpcisDone());
        QCOMPARE(m_sim->guest().toolsVersionType, QByteArray("4"));
        QCOMPARE(m_sim->call("ping").reply, QByteArray("OK "));
        QCOMPARE(m_sim->call("No_Such_Command").reply, QByteArray("ERROR Unknown Command"));
    }
};

QTEST_GUILESS_MAIN(TstGuestkitd)
#include "tst_guestkitd.moc"
