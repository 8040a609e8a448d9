// The command lines people type: guestkit (rpc, info get/set) against the
// simulator, guestkitd's option and config errors, and guestkit-vmx's demo
// and JSON output against a started daemon.
#include "BuildPaths.h"
#include "GuestkitdProcess.h"
#include "RunProgram.h"
#include "channel/backdoor/VmwareDetection.h"
#include "vmx/VmxSimulator.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using gk::vmx::VmxSimulator;

class TstCommandLine : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<VmxSimulator> m_sim;

    QString endpoint() const
    {
        return QStringLiteral("sim:unix:") + m_dir->filePath(QStringLiteral("vmx.sock"));
    }

    ProgramResult guestkit(const QStringList &args)
    {
        return runProgram(gk::test::guestkitPath(),
                          QStringList{QStringLiteral("--channel"), endpoint()} + args);
    }

    ProgramResult guestkitd(const QStringList &args)
    {
        return runProgram(gk::test::guestkitdPath(), args);
    }

    QString writeConfig(const QByteArray &text)
    {
        const QString path = m_dir->filePath(QStringLiteral("guestkit.conf"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            return {};
        return path;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_sim = std::make_unique<VmxSimulator>();
        QString error;
        QVERIFY2(m_sim->listen(*gk::channel::ChannelEndpoint::parse(endpoint(), nullptr), &error),
                 qPrintable(error));
    }
    void cleanup()
    {
        m_sim.reset();
        m_dir.reset();
    }

    void rpcExitsZeroOnSuccessAndPrintsResult()
    {
        const ProgramResult set = guestkit({"rpc", "info-set guestinfo.color blue"});
        QVERIFY2(set.finished && set.exitCode == 0, set.describe());
        QCOMPARE(m_sim->guest().variables.value("guestinfo.color"), QByteArray("blue"));
        const ProgramResult get = guestkit({"rpc", "info-get guestinfo.color"});
        QVERIFY2(get.exitCode == 0, get.describe());
        QCOMPARE(get.out, QByteArray("blue\n"));
    }

    void rpcExitsOneOnFailureAndPrintsError()
    {
        const ProgramResult r = guestkit({"rpc", "no.such.rpc x"});
        QVERIFY2(r.finished && r.exitCode == 1, r.describe());
        QVERIFY2(r.err.contains("Unknown command"), r.describe());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(m_sim->guest().requests.last(), QByteArray("no.such.rpc x"));
    }

    void infoSetThenGetRoundTrips()
    {
        const ProgramResult set = guestkit({"info", "set", "greeting", "hello", "world"});
        QVERIFY2(set.exitCode == 0, set.describe());
        QCOMPARE(m_sim->guest().variables.value("guestinfo.greeting"), QByteArray("hello world"));
        const ProgramResult get = guestkit({"info", "get", "guestinfo.greeting"});
        QVERIFY2(get.exitCode == 0, get.describe());
        QCOMPARE(get.out, QByteArray("hello world\n"));
        const ProgramResult shortKey = guestkit({"info", "get", "greeting"});
        QCOMPARE(shortKey.out, QByteArray("hello world\n"));
    }

    void infoGetOfUnknownKeyExitsOne()
    {
        const ProgramResult r = guestkit({"info", "get", "nothing.here"});
        QVERIFY2(r.exitCode == 1, r.describe());
        QVERIFY2(r.err.contains("No value found"), r.describe());
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{"frob"};
        QTest::newRow("rpc without text") << QStringList{"rpc"};
        QTest::newRow("info get without key") << QStringList{"info", "get"};
        QTest::newRow("info set without value") << QStringList{"info", "set", "k"};
        QTest::newRow("unknown option") << QStringList{"--frob", "rpc", "x"};
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        const ProgramResult r = guestkit(args);
        QVERIFY2(r.finished && r.exitCode == 2, r.describe());
        QVERIFY(!r.err.isEmpty());
        QVERIFY(m_sim->guest().requests.isEmpty());
    }

    void unreachableVmxExitsThree()
    {
        m_sim.reset();
        QElapsedTimer timer;
        timer.start();
        const ProgramResult r = guestkit({"rpc", "info-get guestinfo.x"});
        QVERIFY2(r.finished && r.exitCode == 3, r.describe());
        // Nobody listens: that is known at once, not after a timeout.
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(r.err.contains("cannot reach the VMX"), r.describe());
    }

    void backdoorVsockAndAutoOutsideVmwareExitThreeWithoutTouchingThePort()
    {
        using namespace gk::channel::backdoor;
        if (queryHypervisor(*createHardwareCpuId()).vmware)
            QSKIP("this machine is a VMware VM: the backdoor is really there");
        const QByteArray message = "not running in a VMware virtual machine; use --channel sim:";
        for (const char *channel : {"backdoor", "auto", "vsock"}) {
            for (const QStringList &command :
                 {QStringList{"rpc", "x"}, QStringList{"info", "get", "x"}}) {
                const ProgramResult cli = runProgram(
                    gk::test::guestkitPath(),
                    QStringList{QStringLiteral("--channel"), QLatin1String(channel)} + command);
                // A port instruction outside VMware would kill it with SIGSEGV.
                QVERIFY2(cli.finished && cli.exitCode == 3, cli.describe());
                QVERIFY2(cli.err.contains(message), cli.describe());
            }
            const ProgramResult daemon =
                guestkitd({"--channel", QLatin1String(channel), "--config", writeConfig("")});
            QVERIFY2(daemon.finished && daemon.exitCode == 3, daemon.describe());
            QVERIFY2(daemon.err.contains(message), daemon.describe());
        }
        // The default channel (auto, from an empty config) does the same.
        const ProgramResult byDefault = runProgram(
            gk::test::guestkitPath(), {"--config", writeConfig(""), "rpc", "info-get guestinfo.x"});
        QVERIFY2(byDefault.exitCode == 3 && byDefault.err.contains(message), byDefault.describe());
    }

    void daemonRejectsMalformedOptionsWithExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << QByteArray("frobnicate");
        QTest::newRow("bad channel")
            << QStringList{"--channel", "serial:0"} << QByteArray("invalid channel 'serial:0'");
        QTest::newRow("missing value") << QStringList{"--log-level"} << QByteArray("log-level");
        QTest::newRow("bad level")
            << QStringList{"--log-level", "shouty"} << QByteArray("invalid log level 'shouty'");
        QTest::newRow("positional") << QStringList{"now"} << QByteArray("unexpected argument");
    }
    void daemonRejectsMalformedOptionsWithExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const ProgramResult r = guestkitd(args);
        QVERIFY2(r.finished && r.exitCode == 2, r.describe());
        QVERIFY2(r.err.startsWith("guestkitd: ") && r.err.contains(message), r.describe());
    }

    void daemonVersionAndHelp()
    {
        const ProgramResult v = guestkitd({"--version"});
        QCOMPARE(v.exitCode, 0);
        QCOMPARE(v.out, QByteArray("guestkitd " GUESTKIT_VERSION "\n"));
        const ProgramResult h = guestkitd({"--help"});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("--channel") && h.out.contains("--log-level"));
    }

    void daemonRefusesInvalidConfigNamingFileAndKey()
    {
        const QString path =
            writeConfig("[logging]\nlevel = shouty\nfile_keep = many\n[channel]\nendpoint = x\n");
        const ProgramResult r = guestkitd({"--channel", endpoint(), "--config", path});
        QVERIFY2(r.finished && r.exitCode == 1, r.describe());
        const QByteArray p = path.toUtf8();
        QVERIFY2(r.err.contains(p + ": [logging] level: 'shouty' is not one of"), r.describe());
        QVERIFY2(r.err.contains(p + ": [logging] file_keep: 'many' is not a whole number"),
                 r.describe());
        QVERIFY2(r.err.contains(p + ": [channel] endpoint: invalid channel 'x'"), r.describe());
        QVERIFY2(r.err.contains("refusing to start"), r.describe());
        QVERIFY(!m_sim->isGuestReady());
    }

    void daemonWithMissingConfigFileRunsOnDefaults()
    {
        GuestkitdProcess daemon;
        QVERIFY(
            daemon.start(endpoint(), m_dir->filePath(QStringLiteral("absent.conf")), QByteArray()));
        QVERIFY(m_sim->waitForGuest(10000));
        QCOMPARE(m_sim->resetReply(), QByteArray("OK ATR toolbox"));
        QCOMPARE(daemon.signalAndWait(SIGTERM) >= 0, true);
        QCOMPARE(daemon.process().exitCode(), 0);
    }

    void configFileChannelIsUsedWithoutOption()
    {
        const QString path = writeConfig("[channel]\nendpoint = " + endpoint().toUtf8() +
                                         "\n[logging]\nsyslog = false\n");
        QProcess daemon;
        daemon.start(gk::test::guestkitdPath(), {"--config", path, "--foreground"});
        QVERIFY(daemon.waitForStarted());
        QVERIFY(m_sim->waitForGuest(10000));
        daemon.terminate();
        QVERIFY(daemon.waitForFinished(3000));
        // guestkit reads the daemon's config for its channel, too.
        const ProgramResult r =
            runProgram(gk::test::guestkitPath(), {"--config", path, "info", "set", "a", "b"});
        QVERIFY2(r.exitCode == 0, r.describe());
        QCOMPARE(m_sim->guest().variables.value("guestinfo.a"), QByteArray("b"));
    }

    void vmxDemoWalksThroughHandshakePingAndUnknownCommand()
    {
        m_sim.reset();
        const ProgramResult r = runProgram(gk::test::guestkitVmxPath(),
                                           {"demo", "--daemon", gk::test::guestkitdPath()});
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        for (const char *expected :
             {"== Handshake", "guest answered 'OK ATR toolbox'",
              "tools version:   2147483647 (type 4)", "== Ping", "OK  (round trip",
              "'No_Such_Command' -> ERROR Unknown Command", "== Guest operations (VIX)",
              "$ guestkit-vmx run uname -sr", "== File transfers", "hello.txt", "-> ",
              "copy.tar.gz"}) {
            QVERIFY2(r.out.contains(expected), expected);
        }
        // uname's output, streamed back from the guest, on the line after the command.
        const QByteArray afterRun = r.out.mid(r.out.indexOf("run uname -sr"));
        const QByteArray unameLine = afterRun.mid(afterRun.indexOf('\n') + 1).split('\n').first();
        QVERIFY2(unameLine.toLower().startsWith(QSysInfo::kernelType().toUtf8() + ' '),
                 unameLine.constData());
    }

    void vmxDemoJsonParses()
    {
        m_sim.reset();
        const ProgramResult r = runProgram(
            gk::test::guestkitVmxPath(), {"--json", "demo", "--daemon", gk::test::guestkitdPath()});
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        QVERIFY2(doc.isObject(), qPrintable(error.errorString()));
        const QJsonObject o = doc.object();
        QCOMPARE(o.value("resetReply").toString(), QStringLiteral("OK ATR toolbox"));
        QCOMPARE(o.value("ping").toObject().value("ok").toBool(), true);
        QCOMPARE(o.value("ping").toObject().value("reply").toString(), QStringLiteral("OK "));
        QCOMPARE(o.value("unknownCommand").toObject().value("reply").toString(),
                 QStringLiteral("ERROR Unknown Command"));
        QCOMPARE(o.value("info").toObject().value("toolsVersionType").toString(),
                 QStringLiteral("4"));
        // The guest operations: the program's output is in the JSON.
        const QJsonObject run = o.value("run").toObject();
        QCOMPARE(run.value("exitCode").toInt(), 0);
        QVERIFY2(
            run.value("stdout").toString().startsWith(QSysInfo::kernelType(), Qt::CaseInsensitive),
            qPrintable(run.value("stdout").toString()));
        QCOMPARE(o.value("upload").toObject().value("bytes").toInt(), 20);
        QVERIFY(o.value("download").toObject().value("bytes").toInt() > 0);
        bool listed = false;
        for (const QJsonValue &f : o.value("ls").toObject().value("files").toArray())
            listed = listed || f.toObject().value("name").toString() == QLatin1String("hello.txt");
        QVERIFY(listed);
    }

    void vmxJsonPingAgainstStartedDaemon()
    {
        m_sim.reset(); // guestkit-vmx is the VMX here
        QProcess vmx;
        vmx.start(gk::test::guestkitVmxPath(),
                  {"--channel", endpoint(), "--json", "--timeout", "10", "ping"});
        QVERIFY(vmx.waitForStarted());
        QTRY_VERIFY(QFile::exists(m_dir->filePath(QStringLiteral("vmx.sock"))));
        GuestkitdProcess daemon;
        QVERIFY(daemon.start(endpoint(), m_dir->filePath(QStringLiteral("guestkit.conf"))));
        QVERIFY(vmx.waitForFinished(10000));
        QCOMPARE(vmx.exitCode(), 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(vmx.readAllStandardOutput(), &error);
        QVERIFY2(doc.isObject(), qPrintable(error.errorString()));
        QCOMPARE(doc.object().value("reply").toString(), QStringLiteral("OK "));
        QCOMPARE(doc.object().value("ok").toBool(), true);
        QVERIFY(doc.object().value("roundTripMicroseconds").toDouble() > 0);
        // The VMX went away: the daemon keeps running and retrying.
        QTest::qWait(200);
        QVERIFY(daemon.isRunning());
    }

    void vmxRpcSendsRawTcloAndExitsOneOnError()
    {
        m_sim.reset();
        const QStringList daemon{"--start-daemon", "--daemon", gk::test::guestkitdPath()};
        const ProgramResult ok = runProgram(
            gk::test::guestkitVmxPath(), daemon + QStringList{"rpc", "Set_Option broadcastIP 0"});
        QVERIFY2(ok.finished && ok.exitCode == 0, ok.describe());
        QVERIFY2(ok.out.trimmed() == "OK", ok.describe());
        const ProgramResult bad =
            runProgram(gk::test::guestkitVmxPath(), daemon + QStringList{"rpc", "No_Such"});
        QVERIFY2(bad.finished && bad.exitCode == 1, bad.describe());
        QVERIFY2(bad.err.contains("ERROR Unknown Command"), bad.describe());
    }

    void vmxInfoShowsWhatTheGuestReported()
    {
        m_sim.reset();
        const ProgramResult r =
            runProgram(gk::test::guestkitVmxPath(),
                       {"--start-daemon", "--daemon", gk::test::guestkitdPath(), "--json", "info"});
        QVERIFY2(r.finished && r.exitCode == 0, r.describe());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("toolsVersion").toString(), QStringLiteral("2147483647"));
        QCOMPARE(o.value("toolsVersionType").toString(), QStringLiteral("4"));
        const QJsonObject vars = o.value("variables").toObject();
        QCOMPARE(vars.value("guestinfo.vmtools.versionString").toString(),
                 QStringLiteral(GUESTKIT_VERSION));
    }

    void vmxWithoutGuestExitsThree()
    {
        m_sim.reset();
        const ProgramResult r = runProgram(gk::test::guestkitVmxPath(),
                                           {"--channel", endpoint(), "--timeout", "1", "ping"});
        QVERIFY2(r.exitCode == 3, r.describe());
        QVERIFY2(r.err.contains("no guest connected"), r.describe());
    }
};

QTEST_GUILESS_MAIN(TstCommandLine)
#include "tst_commandline.moc"
