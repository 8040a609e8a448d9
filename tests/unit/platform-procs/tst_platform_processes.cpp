// ProcessManager on Linux, as root, starting processes as the test user.
#include "TestUser.h"
#include "linux/ProcessSpawner.h"
#include "platform/Authenticator.h"
#include "platform/ProcessManager.h"
#include "platform/UserLookup.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace gk::platform;
using Kind = PlatformError::Kind;

namespace {

const char kExtraGroup[] = "gkprocs";

QByteArray procField(qint64 pid, const QByteArray &key)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).simplified();
    }
    return {};
}

// The waiting spare children (SpareChild) of this process.
QList<qint64> spares()
{
    QList<qint64> out;
    const QStringList pids =
        QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        if (procField(pid.toLongLong(), "Name") == "guestkitd-spare" &&
            procField(pid.toLongLong(), "PPid").toLongLong() == getpid())
            out.append(pid.toLongLong());
    }
    return out;
}

bool runTool(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class TestPlatformProcesses : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ProcessManager> m_manager;
    gk::test::TestUser m_testUser;
    UserAccount m_user;
    UserAccount m_root;
    qint64 m_extraGid = -1;

    // Starts spec as user and fails the test when it cannot.
    qint64 startOk(const UserAccount &user, const ProcessSpec &spec, StartedProcess *out = nullptr)
    {
        Result<StartedProcess> r = m_manager->start(user, spec);
        if (!r.ok())
            qWarning("start failed: %s", qPrintable(r.error.message));
        if (out)
            *out = std::move(r.value);
        return r.ok() ? r.value.pid : -1;
    }

    ProcessInfo waitFinished(qint64 pid)
    {
        QSignalSpy spy(m_manager.get(), &ProcessManager::processFinished);
        std::optional<ProcessInfo> info = m_manager->trackedProcess(pid);
        for (int i = 0; i < 100 && info && info->running; ++i) {
            spy.wait(100);
            info = m_manager->trackedProcess(pid);
        }
        return info.value_or(ProcessInfo{});
    }

    // The one spare waiting, once there is exactly one (it is cloned when the
    // event loop is back after a detached start); -1 after 5 s without. A
    // spare taken by a start keeps the name until its execve: not counted.
    qint64 waitForSpare()
    {
        QElapsedTimer t;
        t.start();
        QList<qint64> waiting;
        while (t.elapsed() < 5000) {
            waiting.clear();
            for (const qint64 pid : spares()) {
                if (!m_manager->trackedProcess(pid))
                    waiting.append(pid);
            }
            if (waiting.size() == 1)
                return waiting.constFirst();
            QTest::qWait(10);
        }
        qWarning() << "spares:" << waiting;
        return -1;
    }

    // Starts /bin/true detached (its pid in *first) and returns the spare
    // cloned after it; -1 when either fails.
    qint64 startLeavingASpare(qint64 *first = nullptr)
    {
        ProcessSpec s = spec(QStringLiteral("/bin/true"));
        s.waitForExec = false;
        const qint64 pid = startOk(m_user, s);
        if (first)
            *first = pid;
        return pid > 0 ? waitForSpare() : -1;
    }

    // A detached start of /bin/true in a directory that does not exist: a pid,
    // then exit code 127 and the log line it expects.
    qint64 startInAMissingDirectory()
    {
        ProcessSpec s = spec(QStringLiteral("/bin/true"));
        s.waitForExec = false;
        s.workingDirectory = QStringLiteral("/no/such/dir");
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral(
                              "^process \\d+: cannot change to working directory /no/such/dir")));
        return startOk(m_user, s);
    }

    static ProcessSpec spec(const QString &program, const QStringList &args = {})
    {
        ProcessSpec s;
        s.program = program;
        s.arguments = args;
        return s;
    }

private slots:
    void initTestCase()
    {
        gk::test::TestUser &user = m_testUser;
        QString why;
        if (!gk::test::TestUser::ensure(&user, &why))
            QSKIP(qPrintable(why));
        // A supplementary group, to prove groups reach the child.
        runTool(QStringLiteral("groupadd"), {QStringLiteral("-f"), QLatin1String(kExtraGroup)});
        QVERIFY(runTool(QStringLiteral("usermod"),
                        {QStringLiteral("-aG"), QLatin1String(kExtraGroup), user.name}));
        const struct group *extra = ::getgrnam(kExtraGroup);
        QVERIFY(extra);
        m_extraGid = extra->gr_gid;
        const Result<UserAccount> account = lookupUserByName(user.name);
        QVERIFY2(account.ok(), qPrintable(account.error.message));
        m_user = account.value;
        const Result<UserAccount> root = lookupUserById(0);
        QVERIFY(root.ok());
        m_root = root.value;
        m_manager = createProcessManager();
    }

    void lookupUserFillsIdsHomeShellAndGroups()
    {
        QCOMPARE(m_user.name, QStringLiteral("gktest"));
        QVERIFY(m_user.uid > 0);
        QCOMPARE(m_user.home, QStringLiteral("/home/gktest"));
        QCOMPARE(m_user.shell, QStringLiteral("/bin/sh"));
        QVERIFY(m_user.groups.contains(m_user.gid));
        QVERIFY(m_user.groups.size() >= 2); // its own group and gkprocs
        const Result<UserAccount> byId = lookupUserById(m_user.uid);
        QVERIFY(byId.ok());
        QCOMPARE(byId.value.name, m_user.name);
        QCOMPARE(m_root.name, QStringLiteral("root"));
        QCOMPARE(currentUser().value.uid, qint64(geteuid()));
    }

    void lookupOfUnknownUserGivesNotFound()
    {
        QCOMPARE(lookupUserByName(QStringLiteral("no-such-user-gk")).error.kind, Kind::NotFound);
        QCOMPARE(lookupUserById(0x7ffffff0).error.kind, Kind::NotFound);
        QCOMPARE(lookupUserById(-5).error.kind, Kind::NotFound);
    }

    // The child's real, effective, saved and file-system ids and its groups
    // are those of `expected`, gkprocs among them.
    void verifyRunsAs(qint64 pid, const UserAccount &expected)
    {
        const QString uid = QString::number(expected.uid), gid = QString::number(expected.gid);
        QCOMPARE(QString::fromLatin1(procField(pid, "Uid")),
                 (QStringList{uid, uid, uid, uid}.join(QLatin1Char(' '))));
        QCOMPARE(QString::fromLatin1(procField(pid, "Gid")),
                 (QStringList{gid, gid, gid, gid}.join(QLatin1Char(' '))));
        QStringList groups;
        for (qint64 g : expected.groups)
            groups.append(QString::number(g));
        QStringList seen = QString::fromLatin1(procField(pid, "Groups")).split(QLatin1Char(' '));
        groups.sort();
        seen.sort();
        QCOMPARE(seen, groups);
        QVERIFY(seen.contains(QString::number(m_extraGid)));
    }

    void processRunsWithUsersUidGidAndSupplementaryGroups()
    {
        const qint64 pid =
            startOk(m_user, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")}));
        QVERIFY(pid > 0);
        verifyRunsAs(pid, m_user);
        // The daemon itself keeps its identity.
        QCOMPARE(geteuid(), uid_t(0));
        QVERIFY(!QString::fromLatin1(procField(getpid(), "Groups"))
                     .split(QLatin1Char(' '))
                     .contains(QString::number(m_user.gid)));
        QVERIFY(!m_manager->terminate(m_root, pid));
        QCOMPARE(waitFinished(pid).running, false);
    }

    // The path a VIX StartProgram takes: PAM authenticates the user, and the
    // process starts as the account of that session.
    void processStartedThroughAnAuthenticatedSessionRunsAsItsUser()
    {
        QString why;
        if (!gk::test::ensurePamService(&why))
            QSKIP(qPrintable(why));
        AuthenticatorOptions options;
        options.failureDelayMs = 100;
        const std::unique_ptr<Authenticator> auth = createAuthenticator(options);
        const Result<std::shared_ptr<GuestSession>> session =
            auth->authenticate(m_testUser.name, m_testUser.password);
        QVERIFY2(session.ok(), qPrintable(session.error.message));
        const UserAccount &account = session.value->user();
        QCOMPARE(account.name, m_user.name);
        QVERIFY(account.groups.contains(m_extraGid));
        const qint64 pid =
            startOk(account, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")}));
        QVERIFY(pid > 0);
        verifyRunsAs(pid, m_user);
        // What the process creates is the user's too.
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner |
                                                      QFile::ExeOwner | QFile::WriteOther |
                                                      QFile::ExeOther));
        const QString made = dir.filePath(QStringLiteral("made-by-child"));
        ProcessSpec touch = spec(QStringLiteral("/bin/touch"), {made});
        const qint64 toucher = startOk(account, touch);
        QVERIFY(toucher > 0);
        QCOMPARE(waitFinished(toucher).exitCode, 0);
        QCOMPARE(qint64(QFileInfo(made).ownerId()), m_user.uid);
        QCOMPARE(qint64(QFileInfo(made).groupId()), m_user.gid);
        QVERIFY(!m_manager->terminate(account, pid));
        QCOMPARE(waitFinished(pid).terminationSignal, SIGTERM);
    }

    void idReportsTheUserThroughAPipe()
    {
        ProcessSpec s = spec(QStringLiteral("id"));
        s.pipeStdout = true;
        StartedProcess started;
        QVERIFY(startOk(m_user, s, &started) > 0);
        const QString out = QString::fromLocal8Bit(started.stdOut->readAll());
        QVERIFY2(
            out.startsWith(QStringLiteral("uid=%1(gktest) gid=%2").arg(m_user.uid).arg(m_user.gid)),
            qPrintable(out));
        QVERIFY2(out.contains(QLatin1String(kExtraGroup)), qPrintable(out));
    }

    void exitCodeAndEndTimeAreTrackedAndKept()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        const qint64 pid = startOk(m_user, spec(QStringLiteral("/bin/sh"),
                                                {QStringLiteral("-c"), QStringLiteral("exit 7")}));
        QVERIFY(pid > 0);
        const ProcessInfo info = waitFinished(pid);
        QCOMPARE(info.pid, pid);
        QCOMPARE(info.running, false);
        QCOMPARE(info.exitCode, 7);
        QCOMPARE(info.terminationSignal, 0);
        QVERIFY(info.startTime >= before);
        QVERIFY(info.endTime >= info.startTime);
        QVERIFY(info.endTime <= QDateTime::currentDateTimeUtc());
        // Reaped: the kernel has forgotten it, the manager has not.
        QVERIFY(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)));
        QTest::qWait(50);
        QCOMPARE(m_manager->trackedProcess(pid)->exitCode, 7);
        const Result<QList<ProcessInfo>> list = m_manager->listProcesses();
        QVERIFY(list.ok());
        const auto it = std::find_if(list.value.begin(), list.value.end(),
                                     [pid](const ProcessInfo &p) { return p.pid == pid; });
        QVERIFY(it != list.value.end());
        QCOMPARE(it->exitCode, 7);
        QCOMPARE(it->running, false);
        QVERIFY(it->tracked);
    }

    void manyChildrenEndingTogetherAreAllReaped()
    {
        // More than one epoll batch (64) of exits reported at once.
        QSignalSpy finished(m_manager.get(), &ProcessManager::processFinished);
        QList<qint64> pids;
        for (int i = 0; i < 150; ++i) {
            const qint64 pid =
                startOk(m_user, spec(QStringLiteral("/bin/sh"),
                                     {QStringLiteral("-c"), QStringLiteral("exit 3")}));
            QVERIFY(pid > 0);
            pids << pid;
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 150, 20000);
        for (const qint64 pid : pids) {
            const std::optional<ProcessInfo> info = m_manager->trackedProcess(pid);
            QVERIFY(info);
            QCOMPARE(info->running, false);
            QCOMPARE(info->exitCode, 3);
            QVERIFY(!QFile::exists(QStringLiteral("/proc/%1").arg(pid))); // reaped
        }
    }

    void finishedProcessesExpireAfterTheRetentionTime()
    {
        ProcessManager::Options options;
        options.retention = std::chrono::milliseconds(300);
        auto manager = createProcessManager(options);
        QSignalSpy finished(manager.get(), &ProcessManager::processFinished);
        const Result<StartedProcess> r = manager->start(m_user, spec(QStringLiteral("/bin/true")));
        QVERIFY(r.ok());
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().at(1).toInt(), 0);
        QVERIFY(manager->trackedProcess(r.value.pid).has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!manager->trackedProcess(r.value.pid).has_value(), 3000);
        QVERIFY(manager->trackedProcesses().isEmpty());
        // A longer retention set later applies to what is already finished.
        const Result<StartedProcess> r2 = manager->start(m_user, spec(QStringLiteral("/bin/true")));
        QVERIFY(finished.wait(5000));
        manager->setRetention(std::chrono::minutes(5));
        QTest::qWait(600);
        QVERIFY(manager->trackedProcess(r2.value.pid).has_value());
    }

    void startingBeyondTheRunningLimitGivesTooMany()
    {
        ProcessManager::Options options;
        options.maxRunning = 1;
        auto manager = createProcessManager(options);
        const Result<StartedProcess> first =
            manager->start(m_user, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")}));
        QVERIFY(first.ok());
        const Result<StartedProcess> second =
            manager->start(m_user, spec(QStringLiteral("/bin/true")));
        QCOMPARE(second.error.kind, Kind::TooMany);
        QSignalSpy finished(manager.get(), &ProcessManager::processFinished);
        QVERIFY(!manager->terminate(m_user, first.value.pid));
        QVERIFY(finished.wait(5000));
        QVERIFY(manager->start(m_user, spec(QStringLiteral("/bin/true"))).ok());
    }

    void terminatedProcessReportsItsSignal()
    {
        const qint64 pid =
            startOk(m_user, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")}));
        QVERIFY(pid > 0);
        QVERIFY(!m_manager->terminate(m_user, pid));
        const ProcessInfo info = waitFinished(pid);
        QCOMPARE(info.running, false);
        QCOMPARE(info.terminationSignal, SIGTERM);
        QCOMPARE(info.exitCode, 128 + SIGTERM);
    }

    void terminateKillsAProcessThatIgnoresTheRequest()
    {
        ProcessManager::Options options;
        options.killGrace = std::chrono::milliseconds(200);
        auto manager = createProcessManager(options);
        ProcessSpec s =
            spec(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"), QStringLiteral("trap '' TERM; echo ready; sleep 30")});
        s.pipeStdout = true;
        const Result<StartedProcess> r = manager->start(m_user, s);
        QVERIFY(r.ok());
        QCOMPARE(r.value.stdOut->readLine().trimmed(), QByteArray("ready"));
        QSignalSpy finished(manager.get(), &ProcessManager::processFinished);
        QVERIFY(!manager->terminate(m_user, r.value.pid));
        QVERIFY(finished.wait(5000));
        QCOMPARE(manager->trackedProcess(r.value.pid)->terminationSignal, SIGKILL);
    }

    void terminatingAnotherUsersProcessIsRefused()
    {
        const qint64 pid =
            startOk(m_root, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")}));
        QVERIFY(pid > 0);
        const PlatformError e = m_manager->terminate(m_user, pid);
        QCOMPARE(e.kind, Kind::PermissionDenied);
        QCOMPARE(e.nativeCode, EPERM);
        QTest::qWait(100);
        QVERIFY(m_manager->trackedProcess(pid)->running);
        // Nor can the user end the daemon's own process.
        QCOMPARE(m_manager->terminate(m_user, getpid()).kind, Kind::PermissionDenied);
        QVERIFY(!m_manager->terminate(m_root, pid));
        QCOMPARE(waitFinished(pid).terminationSignal, SIGTERM);
    }

    void terminatingAMissingProcessGivesNoSuchProcess()
    {
        const qint64 pid = startOk(m_user, spec(QStringLiteral("/bin/true")));
        QVERIFY(pid > 0);
        waitFinished(pid);
        PlatformError e = m_manager->terminate(m_user, pid);
        QCOMPARE(e.kind, Kind::NoSuchProcess);
        QCOMPARE(e.nativeCode, ESRCH);
        QCOMPARE(m_manager->terminate(m_root, 0).kind, Kind::NoSuchProcess);
        QCOMPARE(m_manager->terminate(m_root, -1).kind, Kind::NoSuchProcess);
        QCOMPARE(m_manager->terminate(m_root, qint64(1) << 40).kind, Kind::NoSuchProcess);
    }

    void listingIncludesStartedProcessesWithOwnerAndCommandLine()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-2);
        const qint64 pid =
            startOk(m_user, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("31")}));
        QVERIFY(pid > 0);
        const Result<QList<ProcessInfo>> list = m_manager->listProcesses();
        QVERIFY(list.ok());
        QVERIFY(list.value.size() > 2);
        const auto find = [&](qint64 p) {
            return std::find_if(list.value.begin(), list.value.end(),
                                [p](const ProcessInfo &i) { return i.pid == p; });
        };
        const auto it = find(pid);
        QVERIFY(it != list.value.end());
        QCOMPARE(it->owner, QStringLiteral("gktest"));
        QCOMPARE(it->name, QStringLiteral("sleep"));
        QCOMPARE(it->commandLine, QStringLiteral("/bin/sleep 31"));
        QVERIFY(it->tracked);
        QVERIFY(it->running);
        QVERIFY2(it->startTime >= before &&
                     it->startTime <= QDateTime::currentDateTimeUtc().addSecs(2),
                 qPrintable(it->startTime.toString(Qt::ISODate)));
        const auto self = find(getpid());
        QVERIFY(self != list.value.end());
        QCOMPARE(self->owner, QStringLiteral("root"));
        QVERIFY(!self->tracked);
        QVERIFY(self->commandLine.contains(QLatin1String("tst_platform_processes")));
        QVERIFY(!m_manager->terminate(m_user, pid));
        waitFinished(pid);
    }

    void missingProgramGivesNotFound()
    {
        Result<StartedProcess> r =
            m_manager->start(m_user, spec(QStringLiteral("/no/such/program")));
        QCOMPARE(r.error.kind, Kind::NotFound);
        QCOMPARE(r.error.nativeCode, ENOENT);
        QVERIFY(r.error.message.contains(QLatin1String("/no/such/program")));
        r = m_manager->start(m_user, spec(QStringLiteral("no-such-program-gk")));
        QCOMPARE(r.error.kind, Kind::NotFound);
        QCOMPARE(m_manager->start(m_user, spec(QString())).error.kind, Kind::InvalidArgument);
    }

    void programTheUserMayNotExecuteGivesPermissionDenied()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("script.sh"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("#!/bin/sh\nexit 0\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner)); // no x bit
        Result<StartedProcess> r = m_manager->start(m_root, spec(script));
        QCOMPARE(r.error.kind, Kind::PermissionDenied);
        QCOMPARE(r.error.nativeCode, EACCES);
        // Executable, but in a directory only root may enter.
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                 QFile::ExeOther | QFile::ReadOther));
        QVERIFY(QFile::setPermissions(dir.path(),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        r = m_manager->start(m_user, spec(script));
        QCOMPARE(r.error.kind, Kind::PermissionDenied);
        QVERIFY(m_manager->start(m_root, spec(script)).ok());
    }

    void workingDirectoryAndGivenEnvironmentTakeEffect()
    {
        ProcessSpec s = spec(QStringLiteral("/bin/sh"),
                             {QStringLiteral("-c"),
                              QStringLiteral("pwd; echo \"$GK_VAR\"; echo \"${HOME-unset}\"")});
        s.workingDirectory = QStringLiteral("/tmp");
        QProcessEnvironment env;
        env.insert(QStringLiteral("GK_VAR"), QStringLiteral("hello world"));
        s.environment = env;
        s.pipeStdout = true;
        StartedProcess started;
        QVERIFY(startOk(m_user, s, &started) > 0);
        QCOMPARE(started.stdOut->readAll(), QByteArray("/tmp\nhello world\nunset\n"));
    }

    void missingWorkingDirectoryGivesNotFound()
    {
        ProcessSpec s = spec(QStringLiteral("/bin/true"));
        s.workingDirectory = QStringLiteral("/no/such/dir");
        const Result<StartedProcess> r = m_manager->start(m_user, s);
        QCOMPARE(r.error.kind, Kind::NotFound);
        QVERIFY(r.error.message.contains(QLatin1String("/no/such/dir")));
        s.workingDirectory = QStringLiteral("/root");
        QCOMPARE(m_manager->start(m_user, s).error.kind, Kind::PermissionDenied);
    }

    void detachedStartRunsAsTheUserAndEchoes()
    {
        // waitForExec false: start() returns before the child's execve.
        // An ignored signal in the daemon must not reach the program either.
        ProcessSpec s = spec(QStringLiteral("/bin/sh"),
                             {QStringLiteral("-c"),
                              QStringLiteral("pwd; id -u; grep SigIgn /proc/self/status; cat")});
        s.workingDirectory = QStringLiteral("/tmp");
        s.waitForExec = false;
        s.pipeStdin = s.pipeStdout = true;
        StartedProcess started;
        const auto previous = ::signal(SIGPIPE, SIG_IGN);
        const qint64 pid = startOk(m_user, s, &started);
        ::signal(SIGPIPE, previous);
        QVERIFY(pid > 0);
        QCOMPARE(started.stdIn->write("through cat\n"), qint64(12));
        started.stdIn->close();
        QCOMPARE(started.stdOut->readAll(), "/tmp\n" + QByteArray::number(m_user.uid) +
                                                "\nSigIgn:\t0000000000000000\nthrough cat\n");
        QCOMPARE(waitFinished(pid).exitCode, 0);
        QCOMPARE(detachedSpawnsInUse(), 0);
    }

    void detachedStartFailsLaterWithExitCode127AndALogLine()
    {
        qint64 pid = startInAMissingDirectory();
        QVERIFY(pid > 0); // the failure comes after the answer
        QCOMPARE(waitFinished(pid).exitCode, 127);

        ProcessSpec s = spec(QStringLiteral("/no/such/program"));
        s.waitForExec = false;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(
                                               "^process \\d+: cannot execute /no/such/program")));
        pid = startOk(m_user, s);
        QVERIFY(pid > 0);
        QCOMPARE(waitFinished(pid).exitCode, 127);
        QCOMPARE(detachedSpawnsInUse(), 0);
    }

    void aDetachedStartIsTheUsersAtOnce()
    {
        // The pid is answered before the child has taken the user's identity
        // and called execve. Straight after the answer, the user may end it
        // (VIX KillProcess right after StartProgram; even rounds) and the
        // listing shows the program and user asked for, never a copy of the
        // daemon (odd rounds, ended after the listing).
        for (int i = 0; i < 40; ++i) {
            ProcessSpec s = spec(QStringLiteral("/bin/sleep"), {QStringLiteral("31")});
            s.waitForExec = false;
            const qint64 pid = startOk(m_user, s);
            QVERIFY(pid > 0);
            if (i % 2 == 1) {
                const Result<QList<ProcessInfo>> list = m_manager->listProcesses();
                QVERIFY(list.ok());
                const auto it = std::find_if(list.value.begin(), list.value.end(),
                                             [pid](const ProcessInfo &p) { return p.pid == pid; });
                QVERIFY(it != list.value.end());
                QCOMPARE(it->owner, QStringLiteral("gktest"));
                QCOMPARE(it->commandLine, QStringLiteral("/bin/sleep 31"));
            }
            const PlatformError e = m_manager->terminate(m_user, pid);
            QVERIFY2(!e, qPrintable(e.message));
            QCOMPARE(waitFinished(pid).running, false);
        }
    }

    void aDetachedStartLeavesASpareThatTheNextOneTakes()
    {
        // Cloned once the event loop is back, after the start's answer.
        qint64 first = -1;
        const qint64 spare = startLeavingASpare(&first);
        QVERIFY(spare > 0);
        ProcessSpec next = spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")});
        next.waitForExec = false;
        next.workingDirectory = QStringLiteral("/tmp");
        QCOMPARE(startOk(m_user, next), spare);
        QTRY_COMPARE(procField(spare, "Name"), QByteArray("sleep"));
        verifyRunsAs(spare, m_user);
        QCOMPARE(QFileInfo(QStringLiteral("/proc/%1/cwd").arg(spare)).symLinkTarget(),
                 QStringLiteral("/tmp"));
        QCOMPARE(procField(spare, "PPid").toLongLong(), qint64(getpid()));
        QVERIFY(!m_manager->terminate(m_user, spare));
        QCOMPARE(waitFinished(spare).running, false);
        QCOMPARE(waitFinished(first).exitCode, 0);
        // The one taken is a program now; at most one new spare waits.
        QVERIFY(!spares().contains(spare));
        QVERIFY(spares().size() <= 1);
        // A start with pipes clones: the pipe ends the daemon closes once the
        // child has them must not vanish from under a spare that shares its
        // descriptor table.
        const qint64 waiting = waitForSpare();
        QVERIFY(waiting > 0);
        ProcessSpec piped = spec(QStringLiteral("/bin/cat"));
        piped.waitForExec = false;
        piped.pipeStdin = piped.pipeStdout = true;
        StartedProcess started;
        const qint64 pid = startOk(m_user, piped, &started);
        QVERIFY(pid > 0 && pid != waiting);
        QCOMPARE(started.stdIn->write("in\n"), qint64(3));
        started.stdIn->close();
        QCOMPARE(started.stdOut->readAll(), QByteArray("in\n"));
        QCOMPARE(waitFinished(pid).exitCode, 0);
        QCOMPARE(spares(), QList<qint64>{waiting});
    }

    void aSpareHoldsNoDescriptorAndTakesSignalsAsTheyCome()
    {
        // A pipe the daemon has open when the spare is cloned: once the
        // daemon closes its write end, the reader sees the end of it (a
        // copy of the descriptor in the spare would hold it open).
        int fds[2];
        QCOMPARE(::pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
        qint64 first = -1;
        const qint64 spare = startLeavingASpare(&first);
        QVERIFY(spare > 0);
        QCOMPARE(waitFinished(first).exitCode, 0); // its copy of the table is gone
        ::close(fds[1]);
        char c = 0;
        QCOMPARE(::read(fds[0], &c, 1), ssize_t(0));
        ::close(fds[0]);
        // Signals whose default is to be ignored are dropped at once: none is
        // left pending for the program, whose core limit is the daemon's
        // (0 only while the spare waits).
        QCOMPARE(procField(spare, "SigBlk"), QByteArray("0000000000000000"));
        QCOMPARE(procField(spare, "SigIgn"), QByteArray("0000000000000000"));
        for (int sig : {SIGCHLD, SIGWINCH, SIGURG})
            QCOMPARE(::kill(pid_t(spare), sig), 0);
        QTest::qWait(50);
        QCOMPARE(waitForSpare(), spare);
        // No pipes (a start with pipes clones): the program writes a file.
        const QString out = QStringLiteral("/tmp/gk-spare-%1.txt").arg(getpid());
        QFile::remove(out);
        ProcessSpec next =
            spec(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"), QStringLiteral("exec > %1; grep -E '^(SigPnd|ShdPnd)' "
                                                       "/proc/self/status; ulimit -c")
                                            .arg(out)});
        next.waitForExec = false;
        QCOMPARE(startOk(m_user, next), spare);
        QCOMPARE(waitFinished(spare).exitCode, 0);
        struct rlimit core = {};
        QCOMPARE(::getrlimit(RLIMIT_CORE, &core), 0);
        const QByteArray coreText = core.rlim_cur == RLIM_INFINITY
                                        ? QByteArray("unlimited")
                                        : QByteArray::number(quint64(core.rlim_cur));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(),
                 "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n" + coreText + "\n");
        written.remove();

        // One that ends a process ends the waiting spare; the next start
        // clones as usual.
        const qint64 ended = waitForSpare();
        QVERIFY(ended > 0);
        QCOMPARE(::kill(pid_t(ended), SIGTERM), 0);
        QTRY_VERIFY(procField(ended, "State").startsWith('Z'));
        next = spec(QStringLiteral("/bin/true"));
        next.waitForExec = false;
        const qint64 pid = startOk(m_user, next);
        QVERIFY(pid > 0 && pid != ended);
        QCOMPARE(waitFinished(pid).exitCode, 0);
        QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(ended))); // reaped
    }

    void noSpareOutlivesTheManager()
    {
        const qint64 last = startLeavingASpare();
        QVERIFY(last > 0);
        m_manager.reset();
        QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(last)));
        m_manager = createProcessManager();
    }

    void aSpareThatFailsToExecuteReportsExitCode127()
    {
        const qint64 spare = startLeavingASpare();
        QVERIFY(spare > 0);
        QCOMPARE(startInAMissingDirectory(), spare);
        QCOMPARE(waitFinished(spare).exitCode, 127);
    }

    void manyDetachedStartsReleaseTheirMemory()
    {
        QList<qint64> pids;
        for (int i = 0; i < 100; ++i) {
            ProcessSpec s = spec(QStringLiteral("/bin/true"));
            s.waitForExec = false;
            const qint64 pid = startOk(m_user, s);
            QVERIFY(pid > 0);
            pids.append(pid);
        }
        for (const qint64 pid : std::as_const(pids))
            QCOMPARE(waitFinished(pid).exitCode, 0);
        QCOMPARE(detachedSpawnsInUse(), 0);
    }

    void defaultsAreTheHomeDirectoryAndTheLoginEnvironment()
    {
        ProcessSpec s = spec(QStringLiteral("sh"),
                             {QStringLiteral("-c"),
                              QStringLiteral("pwd; echo $HOME $USER $LOGNAME $SHELL; echo $PATH")});
        s.pipeStdout = true;
        StartedProcess started;
        QVERIFY(startOk(m_user, s, &started) > 0);
        const QList<QByteArray> lines = started.stdOut->readAll().split('\n');
        QCOMPARE(lines.value(0), QByteArray("/home/gktest"));
        QCOMPARE(lines.value(1), QByteArray("/home/gktest gktest gktest /bin/sh"));
        const Result<QProcessEnvironment> env = m_manager->loginEnvironment(m_user);
        QVERIFY(env.ok());
        QCOMPARE(QString::fromLocal8Bit(lines.value(2)), env.value.value(QStringLiteral("PATH")));
    }

    void loginEnvironmentMatchesWhatLoginSets()
    {
        const Result<QProcessEnvironment> env = m_manager->loginEnvironment(m_user);
        QVERIFY(env.ok());
        QCOMPARE(env.value.value(QStringLiteral("HOME")), m_user.home);
        QCOMPARE(env.value.value(QStringLiteral("USER")), m_user.name);
        QCOMPARE(env.value.value(QStringLiteral("LOGNAME")), m_user.name);
        QCOMPARE(env.value.value(QStringLiteral("SHELL")), m_user.shell);
        QCOMPARE(env.value.value(QStringLiteral("MAIL")), QStringLiteral("/var/mail/gktest"));
        // login.defs's ENV_PATH, read independently here.
        QFile defs(QStringLiteral("/etc/login.defs"));
        QString expectedPath =
            QStringLiteral("/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games");
        if (defs.open(QIODevice::ReadOnly)) {
            const QRegularExpression re(QStringLiteral("^ENV_PATH\\s+PATH=(\\S+)"),
                                        QRegularExpression::MultilineOption);
            const QRegularExpressionMatch m = re.match(QString::fromLocal8Bit(defs.readAll()));
            if (m.hasMatch())
                expectedPath = m.captured(1);
        }
        QCOMPARE(env.value.value(QStringLiteral("PATH")), expectedPath);
        const Result<QProcessEnvironment> rootEnv = m_manager->loginEnvironment(m_root);
        QVERIFY(rootEnv.value.value(QStringLiteral("PATH")).contains(QLatin1String("/usr/sbin")));
        QCOMPARE(m_manager->loginEnvironment(UserAccount{}).error.kind, Kind::InvalidArgument);
    }

    void catEchoesThroughPipes()
    {
        ProcessSpec s = spec(QStringLiteral("/bin/cat"));
        s.pipeStdin = true;
        s.pipeStdout = true;
        StartedProcess started;
        const qint64 pid = startOk(m_user, s, &started);
        QVERIFY(pid > 0);
        QVERIFY(started.stdIn && started.stdOut);
        QVERIFY(!started.stdErr);
        const QByteArray text = "hello through cat\nsecond line\n";
        QCOMPARE(started.stdIn->write(text), qint64(text.size()));
        started.stdIn->close(); // end of file for cat
        QCOMPARE(started.stdOut->readAll(), text);
        QCOMPARE(waitFinished(pid).exitCode, 0);
    }

    void standardErrorHasItsOwnPipe()
    {
        ProcessSpec s = spec(QStringLiteral("/bin/sh"),
                             {QStringLiteral("-c"), QStringLiteral("echo out; echo err >&2")});
        s.pipeStdout = true;
        s.pipeStderr = true;
        StartedProcess started;
        QVERIFY(startOk(m_user, s, &started) > 0);
        QCOMPARE(started.stdOut->readAll(), QByteArray("out\n"));
        QCOMPARE(started.stdErr->readAll(), QByteArray("err\n"));
    }

    void childGetsOwnSessionNullStdioNoLeakedFilesAndDefaultSignals()
    {
        // A descriptor opened without O_CLOEXEC and an ignored signal in the
        // daemon must not reach the child.
        const int leaky = ::open("/dev/zero", O_RDONLY);
        QVERIFY(leaky >= 0);
        const auto previous = ::signal(SIGPIPE, SIG_IGN);
        // A real-time signal too: the child resets what /proc/self/status
        // says is caught or ignored, all 64 bits of it.
        const auto previousRt = ::signal(SIGRTMIN + 5, SIG_IGN);
        const qint64 pid =
            startOk(m_user, spec(QStringLiteral("/bin/sleep"), {QStringLiteral("30")}));
        ::signal(SIGPIPE, previous);
        ::signal(SIGRTMIN + 5, previousRt);
        ::close(leaky);
        QVERIFY(pid > 0);
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        QVERIFY(stat.open(QIODevice::ReadOnly));
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        QCOMPARE(fields.value(3).toLongLong(), pid); // session id (field 6)
        QCOMPARE(fields.value(2).toLongLong(), pid); // process group (field 5)
        QCOMPARE(procField(pid, "SigIgn"), QByteArray("0000000000000000"));
        QCOMPARE(procField(pid, "SigBlk"), QByteArray("0000000000000000"));
        // The pid comes back once execve has succeeded; the dynamic loader
        // of the new program may still hold a library open for a moment. A
        // leaked descriptor stays, so wait for the list to settle.
        const QStringList expected{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")};
        QStringList fds;
        QElapsedTimer settle;
        settle.start();
        do {
            fds = QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                      .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System);
            if (fds == expected)
                break;
            QThread::msleep(10);
        } while (settle.elapsed() < 3000);
        QCOMPARE(fds, expected);
        for (int fd = 0; fd < 3; ++fd)
            QCOMPARE(QFile::symLinkTarget(QStringLiteral("/proc/%1/fd/%2").arg(pid).arg(fd)),
                     QStringLiteral("/dev/null"));
        QVERIFY(!m_manager->terminate(m_user, pid));
        waitFinished(pid);
    }

    void qprocessChildrenAreLeftToQProcess()
    {
        // Our reaping must not steal QProcess's children (it uses forkfd).
        QProcess p;
        p.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("sleep 0.2; exit 3")});
        QVERIFY(p.waitForStarted());
        const qint64 ours = startOk(m_user, spec(QStringLiteral("/bin/true")));
        QCOMPARE(waitFinished(ours).exitCode, 0);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitCode(), 3);
        QVERIFY(!m_manager->trackedProcess(p.processId()).has_value());
    }

    void cleanupTestCase() { m_manager.reset(); }
};

QTEST_GUILESS_MAIN(TestPlatformProcesses)
#include "tst_platform_processes.moc"
