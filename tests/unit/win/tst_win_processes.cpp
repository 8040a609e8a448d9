// The Windows ProcessManager: CreateProcess(AsUser)W, exit codes through
// the event loop, pipes, the process table and terminate's error kinds.
// The counterpart of tst_platform_processes (Linux). The test program runs
// itself with "sleep" as a long-running child.
#include "WinTestSupport.h"

#include "platform/ProcessManager.h"
#include "platform/UserLookup.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QtTest>

#include <windows.h>

using namespace gk::platform;
using K = PlatformError::Kind;

namespace {

ProcessSpec spec(const QString &program, const QStringList &args)
{
    ProcessSpec s;
    s.program = program;
    s.arguments = args;
    return s;
}

ProcessSpec sleeper()
{
    return spec(QCoreApplication::applicationFilePath(), {QStringLiteral("sleep")});
}

bool waitFinished(ProcessManager &pm, qint64 pid, int ms = 60000)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        const auto p = pm.trackedProcess(pid);
        if (p && !p->running)
            return true;
        QTest::qWait(20);
    }
    return false;
}

} // namespace

class TestWinProcesses : public QObject
{
    Q_OBJECT
    UserAccount m_self;

private slots:
    void initTestCase()
    {
        const auto self = currentUser();
        QVERIFY2(self.ok(), qPrintable(self.error.message));
        m_self = self.value;
        QVERIFY(m_self.isValid());
    }

    void startReportsTheExitCodeOfCmd()
    {
        auto pm = createProcessManager();
        QSignalSpy finished(pm.get(), &ProcessManager::processFinished);
        const auto started =
            pm->start(m_self, spec(QStringLiteral("cmd.exe"),
                                   {QStringLiteral("/c"), QStringLiteral("exit 3")}));
        QVERIFY2(started.ok(), qPrintable(started.error.message));
        QVERIFY(started.value.pid > 0);
        QVERIFY(waitFinished(*pm, started.value.pid));
        const auto info = pm->trackedProcess(started.value.pid);
        QCOMPARE(info->exitCode, 3);
        QCOMPARE(info->terminationSignal, 0);
        QVERIFY(info->endTime.isValid());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(1).toInt(), 3);
    }

    void userTokenStartsThroughCreateProcessAsUser()
    {
        // A primary token stands in for a logon token: the manager must
        // start through CreateProcessAsUserW with it and the environment
        // block CreateEnvironmentBlock builds for it.
        void *token = gk::test::duplicateOwnToken(true);
        QVERIFY(token);
        UserAccount user = m_self;
        user.credential = std::shared_ptr<const void>(
            token, [](const void *t) { gk::test::closeToken(const_cast<void *>(t)); });
        auto pm = createProcessManager();
        const auto env = pm->loginEnvironment(user);
        QVERIFY2(env.ok(), qPrintable(env.error.message));
        QVERIFY(env.value.contains(QStringLiteral("PATH")) ||
                env.value.contains(QStringLiteral("Path")));
        const auto started = pm->start(
            user, spec(QStringLiteral("cmd"), {QStringLiteral("/c"), QStringLiteral("exit 7")}));
        QVERIFY2(started.ok(), qPrintable(started.error.message));
        QVERIFY(waitFinished(*pm, started.value.pid));
        QCOMPARE(pm->trackedProcess(started.value.pid)->exitCode, 7);
    }

    void stdoutPipeCarriesOutput()
    {
        auto pm = createProcessManager();
        ProcessSpec s = spec(QStringLiteral("cmd.exe"),
                             {QStringLiteral("/c"), QStringLiteral("echo hello-pipe")});
        s.pipeStdout = true;
        const auto started = pm->start(m_self, s);
        QVERIFY2(started.ok(), qPrintable(started.error.message));
        QVERIFY(started.value.stdOut);
        QByteArray out;
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            const QByteArray chunk = started.value.stdOut->read(4096);
            if (chunk.isEmpty())
                break; // end of file: the child closed its end
            out += chunk;
        }
        QVERIFY2(out.contains("hello-pipe"), out.constData());
    }

    void stdinPipeReachesTheChild()
    {
        auto pm = createProcessManager();
        // The test program as the child, echoing its stdin (Wine's cmd does
        // not read a script from a pipe).
        ProcessSpec s = spec(QCoreApplication::applicationFilePath(), {QStringLiteral("echo")});
        s.pipeStdin = true;
        s.pipeStdout = true;
        const auto started = pm->start(m_self, s);
        QVERIFY2(started.ok(), qPrintable(started.error.message));
        QVERIFY(started.value.stdIn->write("from-stdin") > 0);
        started.value.stdIn->close();
        QVERIFY(waitFinished(*pm, started.value.pid));
        QCOMPARE(pm->trackedProcess(started.value.pid)->exitCode, 5);
        QVERIFY(started.value.stdOut->readAll().contains("from-stdin"));
    }

    void missingProgramFailsNotFound()
    {
        auto pm = createProcessManager();
        const auto r = pm->start(m_self, spec(QStringLiteral("C:/no/such/program.exe"), {}));
        QCOMPARE(r.error.kind, K::NotFound);
        QCOMPARE(pm->start(m_self, spec(QString(), {})).error.kind, K::InvalidArgument);
    }

    void listIncludesThisProcessWithNameOwnerAndStartTime()
    {
        auto pm = createProcessManager();
        const auto table = pm->listProcesses();
        QVERIFY2(table.ok(), qPrintable(table.error.message));
        const qint64 self = qint64(GetCurrentProcessId());
        bool found = false;
        for (const ProcessInfo &p : table.value) {
            if (p.pid != self)
                continue;
            found = true;
            QVERIFY(p.name.startsWith(QStringLiteral("tst_win_processes"), Qt::CaseInsensitive));
            QCOMPARE(p.owner, m_self.name);
            QVERIFY(p.startTime.isValid());
            QVERIFY(qAbs(p.startTime.secsTo(QDateTime::currentDateTimeUtc())) < 3600);
        }
        QVERIFY(found);
    }

    void terminateEndsATrackedProcessAndUnknownPidsFail()
    {
        auto pm = createProcessManager();
        const auto started = pm->start(m_self, sleeper());
        QVERIFY2(started.ok(), qPrintable(started.error.message));
        QVERIFY(pm->trackedProcess(started.value.pid)->running);
        QVERIFY(!pm->terminate(m_self, started.value.pid));
        QVERIFY(waitFinished(*pm, started.value.pid));
        QCOMPARE(pm->trackedProcess(started.value.pid)->exitCode, 1);
        QCOMPARE(pm->terminate(m_self, 0).kind, K::NoSuchProcess);
        QCOMPARE(pm->terminate(m_self, 0x7ffffff0).kind, K::NoSuchProcess);
    }

    void runningLimitGivesTooMany()
    {
        ProcessManager::Options options;
        options.maxRunning = 1;
        auto pm = createProcessManager(options);
        const auto first = pm->start(m_self, sleeper());
        QVERIFY(first.ok());
        QCOMPARE(pm->start(m_self, sleeper()).error.kind, K::TooMany);
        QVERIFY(!pm->terminate(m_self, first.value.pid));
        QVERIFY(waitFinished(*pm, first.value.pid));
    }

    void finishedProcessesExpireAfterRetention()
    {
        auto pm = createProcessManager();
        pm->setRetention(std::chrono::milliseconds(200));
        const auto started =
            pm->start(m_self, spec(QStringLiteral("cmd.exe"),
                                   {QStringLiteral("/c"), QStringLiteral("exit 0")}));
        QVERIFY(started.ok());
        QVERIFY(waitFinished(*pm, started.value.pid));
        QTRY_VERIFY_WITH_TIMEOUT(!pm->trackedProcess(started.value.pid).has_value(), 5000);
    }
};

int main(int argc, char **argv)
{
    if (argc == 2 && qstrcmp(argv[1], "sleep") == 0) {
        Sleep(120000);
        return 0;
    }
    if (argc == 2 && qstrcmp(argv[1], "echo") == 0) {
        // Copies stdin to stdout, then exits 5.
        char buffer[4096];
        DWORD got = 0, wrote = 0;
        while (ReadFile(GetStdHandle(STD_INPUT_HANDLE), buffer, sizeof buffer, &got, nullptr) &&
               got > 0)
            WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), buffer, got, &wrote, nullptr);
        return 5;
    }
    QCoreApplication app(argc, argv);
    TestWinProcesses test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_win_processes.moc"
