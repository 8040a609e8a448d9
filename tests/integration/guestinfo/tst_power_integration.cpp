// OS_Halt, OS_Reboot, OS_Suspend ... through the real guestkitd with the
// dry-run power backend: scripts that succeed, fail, are missing or hang;
// the TCLO reply, the state change status and the action, in vmtoolsd's order.
#include "BuildPaths.h"
#include "RunProgram.h"
#include "SimRig.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>

using namespace gk;

namespace {

// The power scripts the packages install.
QByteArray scriptsDir()
{
    return (test::sourceDir() + QStringLiteral("/installer/scripts")).toUtf8();
}

} // namespace

class TstPowerIntegration : public QObject
{
    Q_OBJECT

    std::unique_ptr<SimRig> m_rig;

    QString script(const QString &name, const QByteArray &body)
    {
        const QString path = m_rig->dir->filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write("#!/bin/sh\n" + body + "\n") < 0)
            return {};
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    // Starts the daemon with the dry-run backend and these [powerops] lines.
    bool start(const QByteArray &powerops, int timeoutSeconds = 2)
    {
        return m_rig->startDaemon(
            "[power]\nbackend = dry-run\nscript_directory = " + m_rig->dir->path().toUtf8() +
            "\nscript_timeout = " + QByteArray::number(timeoutSeconds) + "\n[powerops]\n" +
            powerops);
    }

    bool waitForStatus(qsizetype count, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_rig->sim->guest().stateChanges.size() < count && !deadline.hasExpired())
            QTest::qWait(20);
        return m_rig->sim->guest().stateChanges.size() >= count;
    }

    // Waits for the daemon to log that the dry-run backend acted.
    bool daemonLogs(const QByteArray &text, int timeoutMs = 3000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_rig->daemon->stderrText().contains(text)) {
            if (deadline.hasExpired())
                return false;
            QTest::qWait(20);
        }
        return true;
    }

    qsizetype indexOf(const QByteArray &prefix) const
    {
        const QList<QByteArray> &r = m_rig->sim->guest().requests;
        for (qsizetype i = 0; i < r.size(); ++i) {
            if (r[i].startsWith(prefix))
                return i;
        }
        return -1;
    }

private slots:
    void init()
    {
        m_rig = std::make_unique<SimRig>();
        QVERIFY(m_rig->listen());
    }

    void cleanup()
    {
        if (QTest::currentTestFailed() && m_rig->daemon)
            qWarning().noquote() << "guestkitd stderr:\n" << m_rig->daemon->stderrText();
        m_rig.reset();
    }

    void capabilitiesAnnounceStateChangeAndSoftPowerOpRetry()
    {
        QVERIFY(start(""));
        QVERIFY(m_rig->sim->guest().capabilities.contains("statechange"));
        QVERIFY(m_rig->sim->guest().capabilities.contains("softpowerop_retry"));
    }

    void haltRunsTheScriptThenReportsSuccessThenHalts()
    {
        const QString marker = m_rig->dir->filePath("ran");
        script("off.sh", "sleep 0.3; echo halt > '" + marker.toUtf8() + "'");
        QVERIFY(start("poweroff-script = off.sh\n"));
        const auto reply = m_rig->sim->call("OS_Halt");
        QCOMPARE(reply.reply, QByteArray("OK "));
        // The reply comes when the script has started, the status when it ended.
        QVERIFY(m_rig->sim->guest().stateChanges.isEmpty());
        QVERIFY(waitForStatus(1));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(0), QByteArray("1 1"));
        QVERIFY(QFile::exists(marker));
        QVERIFY(daemonLogs("would halt"));
        const qsizetype status = indexOf("tools.os.statechange.status");
        const qsizetype initiating = indexOf("log powerops: Initiating halt.");
        QVERIFY(indexOf("log powerops: Executing script for state change 'OS_Halt'.") >= 0);
        QVERIFY2(status >= 0 && initiating > status, "status before the action");
    }

    void failingScriptReportsFailureAndARetryGoesAhead()
    {
        script("off.sh", "exit 3");
        QVERIFY(start("poweroff-script = off.sh\n"));
        QCOMPARE(m_rig->sim->call("OS_Reboot").reply, QByteArray("OK "));
        QVERIFY(waitForStatus(1));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(0), QByteArray("0 2"));
        QVERIFY(indexOf("log powerops: Script exit code: 3, success = 0") >= 0);
        QTest::qWait(300);
        QVERIFY(!m_rig->daemon->stderrText().contains("would reboot"));
        // softpowerop_retry: the same request again goes ahead despite the script.
        QCOMPARE(m_rig->sim->call("OS_Reboot").reply, QByteArray("OK "));
        QVERIFY(waitForStatus(2));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(1), QByteArray("1 2"));
        QVERIFY(daemonLogs("would reboot"));
    }

    void missingScriptIsAnErrorReplyAndAFailedStatus()
    {
        QVERIFY(start("poweroff-script = no-such-script\n"));
        QCOMPARE(m_rig->sim->call("OS_Halt").reply, QByteArray("ERROR Error starting script"));
        QVERIFY(waitForStatus(1));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(0), QByteArray("0 1"));
        QTest::qWait(300);
        QVERIFY(!m_rig->daemon->stderrText().contains("would halt"));
    }

    void hangingScriptIsKilledAtTheTimeoutAndReportedAsFailed()
    {
        script("off.sh", "exec sleep 60");
        QVERIFY(start("poweroff-script = off.sh\n", 1));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m_rig->sim->call("OS_Halt").reply, QByteArray("OK "));
        // While it runs, another state change is refused.
        QCOMPARE(m_rig->sim->call("OS_Reboot").reply,
                 QByteArray("ERROR State change already in progress"));
        QVERIFY(waitForStatus(1, 10000));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(0), QByteArray("0 1"));
        QTest::qWait(300);
        QVERIFY(!m_rig->daemon->stderrText().contains("would halt"));
    }

    void suspendReportsSuccessAndLeavesTheActionToTheVmx()
    {
        const QString marker = m_rig->dir->filePath("suspended");
        script("sus.sh", "touch '" + marker.toUtf8() + "'");
        QVERIFY(start("suspend-script = sus.sh\n"));
        QCOMPARE(m_rig->sim->call("OS_Suspend").reply, QByteArray("OK "));
        QVERIFY(waitForStatus(1));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(0), QByteArray("1 5"));
        QVERIFY(QFile::exists(marker));
        QTest::qWait(300);
        QVERIFY(!m_rig->daemon->stderrText().contains("would suspend"));
    }

    void emptyScriptSettingOrToolScriptsOptionSkipsTheScript()
    {
        const QString marker = m_rig->dir->filePath("ran");
        script("on.sh", "touch '" + marker.toUtf8() + "'");
        QVERIFY(start("poweron-script = on.sh\nresume-script =\n"));
        QCOMPARE(m_rig->sim->call("OS_Resume").reply, QByteArray("OK "));
        QVERIFY(waitForStatus(1));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(0), QByteArray("1 4"));
        QCOMPARE(m_rig->sim->call("Set_Option toolScripts.afterPowerOn 0").reply,
                 QByteArray("OK "));
        QCOMPARE(m_rig->sim->call("OS_PowerOn").reply, QByteArray("OK "));
        QVERIFY(waitForStatus(2));
        QCOMPARE(m_rig->sim->guest().stateChanges.value(1), QByteArray("1 3"));
        QVERIFY(!QFile::exists(marker));
    }

    void shippedDefaultScriptsSucceed()
    {
        m_rig->daemon = std::make_unique<GuestkitdProcess>();
        QVERIFY(m_rig->startDaemon(
            "[power]\nbackend = dry-run\nscript_directory = " + scriptsDir() + "\n"));
        qsizetype n = 0;
        for (const char *command : {"OS_PowerOn", "OS_Resume", "OS_Suspend", "OS_Halt"}) {
            QCOMPARE(m_rig->sim->call(command).reply, QByteArray("OK "));
            QVERIFY(waitForStatus(++n));
            QVERIFY2(m_rig->sim->guest().stateChanges.last().startsWith("1 "), command);
        }
        QVERIFY(daemonLogs("would halt"));
    }

    void vmxPowerCommandShowsTheStateChangeReport()
    {
        const QString config = m_rig->dir->filePath("extra.conf");
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[power]\nbackend = dry-run\nscript_directory = " + scriptsDir() + "\n");
        f.close();
        const ProgramResult r =
            runProgram(gk::test::guestkitVmxPath(),
                       {"--channel", m_rig->endpoint() + "2", "--start-daemon", "--daemon",
                        gk::test::guestkitdPath(), "--daemon-config", config, "power", "reboot"},
                       30000);
        QVERIFY2(r.finished && r.exitCode == 0, r.describe().constData());
        QVERIFY2(r.out.contains("OS_Reboot -> OK"), r.out.constData());
        QVERIFY2(r.out.contains("success=1 state=2 (reboot)"), r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TstPowerIntegration)
#include "tst_power_integration.moc"
