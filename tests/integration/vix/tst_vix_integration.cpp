// Every VIX operation through the real guestkitd and the simulator, as the
// test user with PAM (root only): successes and vmtoolsd's error codes.
#include "BuildPaths.h"
#include "TestUser.h"
#include "VixTestRig.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixCredential.h"
#include "vix/codec/VixProcessRequests.h"
#include "vix/codec/VixPropertyList.h"
#include "vix/codec/VixReply.h"
#include "vix/codec/VixRequestBuilder.h"
#include "vix/codec/VixStateRequests.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/utsname.h>

using namespace gk;
using namespace gk::vix;

namespace {

// Waits until pid has exited according to ListProcessesEx; its entry.
std::optional<vmx::GuestProcess> waitForExit(vmx::VixClient &client, qint64 pid)
{
    for (int i = 0; i < 200; ++i) {
        QList<vmx::GuestProcess> procs;
        const vmx::VixCallResult r = vmx::listProcessesEx(client, {quint64(pid)}, &procs);
        if (!r.ok() || procs.isEmpty())
            return std::nullopt;
        if (procs.first().exitTime != 0)
            return procs.first();
        QThread::msleep(25);
    }
    return std::nullopt;
}

} // namespace

class TestVixIntegration : public QObject
{
    Q_OBJECT
private:
    test::TestUser m_user;
    test::VixTestRig m_rig;
    vmx::VixCredentials good() const { return {m_user.name, m_user.password, {}}; }
    vmx::VixCredentials bad() const { return {m_user.name, QStringLiteral("wrong-pw"), {}}; }

    qint64 start(vmx::VixClient &client, const QString &program, const QString &args = {})
    {
        StartProgramRequest req;
        req.programPath = program;
        if (!args.isEmpty())
            req.arguments = args;
        const vmx::VixCallResult r = client.call(VixOp::StartProgram, req.encode());
        if (!r.ok())
            return -qint64(r.reply.error);
        return r.reply.result.toLongLong();
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!test::TestUser::isRoot())
            QSKIP("needs root: creates the test user and checks passwords with PAM");
        QVERIFY2(test::TestUser::ensure(&m_user, &why), qPrintable(why));
        QVERIFY2(test::ensurePamService(&why), qPrintable(why));
        // A short failure delay keeps the refusals quick; the cache stays on.
        QVERIFY2(m_rig.start("[auth]\nfailure_delay_ms = 200\n", &why), qPrintable(why));
    }

    void getToolsStateNeedsNoCredentials()
    {
        vmx::VixClient client = m_rig.client();
        const vmx::VixCallResult r = client.callAnonymous(VixOp::GetToolsState, {});
        QVERIFY(r.ok());
        const auto list = VixPropertyList::deserialize(QByteArray::fromBase64(r.reply.result));
        QVERIFY(list.ok());
        QCOMPARE(list->find(VixProperty::GuestOsFamily)->value.toInt(), VixGuestOsFamily::Linux);
        QVERIFY(!list->find(VixProperty::GuestOsVersionShort)->value.toString().isEmpty());
        // The values, against sources of their own: gethostname, the build's
        // version, uname and os-release ("<sysname> <release> <PRETTY_NAME>").
        QCOMPARE(list->find(VixProperty::GuestName)->value.toString(), QSysInfo::machineHostName());
        QCOMPARE(list->find(VixProperty::GuestToolsVersion)->value.toString(),
                 QStringLiteral(GUESTKIT_VERSION));
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+"))
                    .match(list->find(VixProperty::GuestToolsVersion)->value.toString())
                    .hasMatch());
        struct utsname uts
        {};
        QCOMPARE(::uname(&uts), 0);
        QString pretty;
        QFile osRelease(QStringLiteral("/etc/os-release"));
        if (!osRelease.open(QIODevice::ReadOnly)) {
            osRelease.setFileName(QStringLiteral("/usr/lib/os-release"));
            QVERIFY(osRelease.open(QIODevice::ReadOnly));
        }
        for (const QByteArray &line : osRelease.readAll().split('\n')) {
            if (line.startsWith("PRETTY_NAME="))
                pretty = QString::fromUtf8(line.mid(12)).remove(QLatin1Char('"'));
        }
        QVERIFY(!pretty.isEmpty());
        QCOMPARE(list->find(VixProperty::GuestOsVersion)->value.toString(),
                 QStringLiteral("%1 %2 %3")
                     .arg(QString::fromUtf8(uts.sysname), QString::fromUtf8(uts.release), pretty));
        // VixToolsSetSharedFoldersProperties: HgfsHlpr's /mnt/hgfs on Linux.
        QVERIFY(list->find(VixProperty::GuestSharedFoldersSharesPath));
        QCOMPARE(list->find(VixProperty::GuestSharedFoldersSharesPath)->value.toString(),
                 QStringLiteral("/mnt/hgfs"));
        // vmtoolsd's *_ENABLED properties carry "is disabled".
        QCOMPARE(list->find(VixProperty::GuestStartProgramEnabled)->value.toBool(), false);
        QCOMPARE(list->find(VixProperty::GuestAddAuthAliasEnabled)->value.toBool(), true);
    }

    void validateCredentialsAcceptsTheRightPassword()
    {
        vmx::VixClient client = m_rig.client(good());
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        // Again: now from the credential cache.
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
    }

    void wrongPasswordIsInvalidLoginCredentials()
    {
        vmx::VixClient client = m_rig.client(bad());
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error,
                 VixErr::InvalidLoginCredentials);
        const vmx::VixCallResult started = client.call(VixOp::StartProgram, [] {
            StartProgramRequest req;
            req.programPath = QStringLiteral("/bin/true");
            return req.encode();
        }());
        QCOMPARE(started.reply.error, VixErr::InvalidLoginCredentials);
        QCOMPARE(started.reply.result, QByteArray("-1"));
        // The old operations call it a permission problem (VixToolsRewriteError).
        QCOMPARE(client.call(VixOp::CheckUserAccount, {}).reply.error,
                 VixErr::GuestUserPermissions);
        QVERIFY(m_rig.pingOk());
    }

    void startProgramRunsAsTheTestUser()
    {
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFile::Permissions(0x7777));
        const QString out = dir.filePath(QStringLiteral("uid"));
        vmx::VixClient client = m_rig.client(good());
        const qint64 pid =
            start(client, QStringLiteral("/bin/sh"), QStringLiteral("-c 'id -u > %1'").arg(out));
        QVERIFY2(pid > 0, qPrintable(QString::number(pid)));
        const auto ended = waitForExit(client, pid);
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 0);
        QCOMPARE(ended->user, m_user.name);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().trimmed().toLongLong(), m_user.uid);
    }

    void exitCodeIsReportedByListProcessesEx()
    {
        vmx::VixClient client = m_rig.client(good());
        const qint64 pid = start(client, QStringLiteral("/bin/sh"), QStringLiteral("-c 'exit 7'"));
        QVERIFY(pid > 0);
        const auto ended = waitForExit(client, pid);
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 7);
        QCOMPARE(ended->cmd, QStringLiteral("sh"));
        QVERIFY(ended->name.startsWith(QStringLiteral("\"/bin/sh\" -c")));
    }

    void startProgramErrors()
    {
        vmx::VixClient client = m_rig.client(good());
        QCOMPARE(start(client, QStringLiteral("/no/such/program")), -qint64(VixErr::FileNotFound));
        QCOMPARE(start(client, QStringLiteral("/etc/passwd")),
                 -qint64(VixErr::GuestUserPermissions));
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        req.workingDir = QStringLiteral("/etc/passwd");
        QCOMPARE(client.call(VixOp::StartProgram, req.encode()).reply.error, VixErr::NotADirectory);
    }

    void aFailureAfterTheChecksIsExitCode127()
    {
        // A directory the test user may not enter passes the checks (it is a
        // directory), and the start answers the pid before the child's chdir
        // fails: vmtoolsd's forked start behaves the same.
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        vmx::VixClient client = m_rig.client(good());
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/true");
        req.workingDir = dir.path();
        const vmx::VixCallResult r = client.call(VixOp::StartProgram, req.encode());
        QCOMPARE(r.reply.error, VixErr::Ok);
        const qint64 pid = r.reply.result.toLongLong();
        QVERIFY(pid > 0);
        const auto ended = waitForExit(client, pid);
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 127);
        QVERIFY(m_rig.pingOk());
    }

    void runProgramReportsCompletionToTheVmx()
    {
        vmx::VixClient client = m_rig.client(good());
        RunProgramRequest req;
        req.program = QStringLiteral("/bin/sh");
        req.arguments = QStringLiteral("-c 'exit 5'");
        const vmx::VixCallResult r = client.call(VixOp::RunProgram, req.encode());
        QVERIFY(r.ok());
        const QByteArray pid = r.reply.result;
        QVERIFY(pid.toLongLong() > 0);
        // ToolsDaemonTcloReportProgramCompleted: name, error, errno, exit code, pid.
        const QByteArray done = "Run_Program_Done " + client.lastRequestName() + " 0 0 5 " + pid;
        QVERIFY(m_rig.sim().waitForRpci(done, 10000));
    }

    void runScriptRunsTheScriptAsTheUser()
    {
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFile::Permissions(0x7777));
        const QString out = dir.filePath(QStringLiteral("script-uid"));
        vmx::VixClient client = m_rig.client(good());
        RunScriptRequest req;
        req.script = QStringLiteral("id -u > %1\nexit 4\n").arg(out);
        const vmx::VixCallResult r = client.call(VixOp::RunScriptInGuest, req.encode());
        QVERIFY(r.ok());
        const QByteArray done =
            "Run_Program_Done " + client.lastRequestName() + " 0 0 4 " + r.reply.result;
        QVERIFY(m_rig.sim().waitForRpci(done, 10000));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().trimmed().toLongLong(), m_user.uid);
        RunScriptRequest missing;
        missing.interpreter = QStringLiteral("/no/such/shell");
        missing.script = QStringLiteral("true");
        const vmx::VixCallResult bad = client.call(VixOp::RunScriptInGuest, missing.encode());
        QCOMPARE(bad.reply.error, VixErr::FileNotFound);
        QCOMPARE(bad.reply.result, QByteArray("-1"));
    }

    void terminateProcessEndsTheUsersProcess()
    {
        vmx::VixClient client = m_rig.client(good());
        const qint64 pid = start(client, QStringLiteral("/bin/sleep"), QStringLiteral("60"));
        QVERIFY(pid > 0);
        KillProcessRequest kill;
        kill.pid = quint64(pid);
        QCOMPARE(client.call(VixOp::TerminateProcess, kill.encode()).reply.error, VixErr::Ok);
        QVERIFY(waitForExit(client, pid).has_value());
        // The pid was the program's own, not a shell's: the program is gone.
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)), 5000);
    }

    void terminateProcessErrors()
    {
        vmx::VixClient client = m_rig.client(good());
        KillProcessRequest kill;
        kill.pid = 1; // root's init: not the test user's
        QCOMPARE(client.call(VixOp::TerminateProcess, kill.encode()).reply.error,
                 VixErr::GuestUserPermissions);
        kill.pid = 0x3FFFFFFF; // no such process
        QCOMPARE(client.call(VixOp::KillProcess, kill.encode()).reply.error, VixErr::NoSuchProcess);
        kill.pid = 0;
        QCOMPARE(client.call(VixOp::KillProcess, kill.encode()).reply.error,
                 VixErr::GuestUserPermissions);
    }

    void listProcessesExListsTheSystem()
    {
        vmx::VixClient client = m_rig.client(good());
        QList<vmx::GuestProcess> procs;
        QVERIFY(vmx::listProcessesEx(client, {}, &procs).ok());
        QVERIFY(procs.size() > 2);
        QVERIFY(
            std::any_of(procs.cbegin(), procs.cend(), [](const auto &p) { return p.pid == 1; }));
        // Only the requested pids.
        QVERIFY(vmx::listProcessesEx(client, {1}, &procs).ok());
        QCOMPARE(procs.size(), 1);
        QCOMPARE(procs.first().pid, 1);
    }

    void listProcessesExPagesALargeAnswer()
    {
        vmx::VixClient client = m_rig.client(good());
        QList<quint64> sleepers;
        QList<vmx::GuestProcess> procs;
        int pages = 1;
        // Grow the process table until the answer needs the key/leftToSend form.
        while (pages < 2 && sleepers.size() < 800) {
            for (int i = 0; i < 50; ++i) {
                const qint64 pid =
                    start(client, QStringLiteral("/bin/sleep"), QStringLiteral("120"));
                QVERIFY(pid > 0);
                sleepers << quint64(pid);
            }
            QVERIFY(vmx::listProcessesEx(client, {}, &procs, &pages).ok());
        }
        QVERIFY2(pages >= 2, "the listing never needed a second reply");
        // The continuation key belongs to the user and the offset must be
        // inside the answer (VixToolsListProcessesEx: VIX_E_FAIL otherwise).
        {
            const vmx::VixCallResult first =
                client.call(VixOp::ListProcessesEx, ListProcessesExRequest{}.encode());
            QVERIFY(first.ok());
            const QByteArray &res = first.reply.result;
            QVERIFY2(res.startsWith("<key>"), res.left(80).constData());
            const quint32 key = res.mid(5, res.indexOf("</key>") - 5).toUInt();
            const qsizetype t = res.indexOf("<totalSize>") + 11;
            const quint32 total = res.mid(t, res.indexOf("</totalSize>") - t).toUInt();
            QVERIFY(key > 0 && total > 0);
            test::TestUser other;
            QString why;
            QVERIFY2(test::TestUser::ensure(&other, &why, QStringLiteral("gkvixother"),
                                            QStringLiteral("gk-Other-pw2")),
                     qPrintable(why));
            vmx::VixClient otherClient = m_rig.client({other.name, other.password, {}});
            ListProcessesExRequest next;
            next.key = key;
            next.offset = 1;
            QCOMPARE(otherClient.call(VixOp::ListProcessesEx, next.encode()).reply.error,
                     VixErr::Fail);
            next.offset = total + 1;
            QCOMPARE(client.call(VixOp::ListProcessesEx, next.encode()).reply.error, VixErr::Fail);
        }
        QSet<qint64> listed;
        for (const auto &p : std::as_const(procs))
            listed.insert(p.pid);
        for (const quint64 pid : std::as_const(sleepers))
            QVERIFY(listed.contains(qint64(pid)));
        for (const quint64 pid : std::as_const(sleepers)) {
            KillProcessRequest kill;
            kill.pid = pid;
            QCOMPARE(client.call(VixOp::TerminateProcess, kill.encode()).reply.error, VixErr::Ok);
        }
        for (const quint64 pid : std::as_const(sleepers))
            QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)), 5000);
    }

    void listProcessesExUnknownKeyFails()
    {
        vmx::VixClient client = m_rig.client(good());
        ListProcessesExRequest req;
        req.key = 987654;
        QCOMPARE(client.call(VixOp::ListProcessesEx, req.encode()).reply.error, VixErr::Fail);
    }

    void oldListProcessesAnswers()
    {
        vmx::VixClient client = m_rig.client(good());
        const vmx::VixCallResult r = client.call(VixOp::ListProcesses, {});
        QVERIFY(r.ok());
        QVERIFY(r.reply.result.contains("<pid>1</pid>"));
    }

    void readEnvVariablesNamedAndAll()
    {
        vmx::VixClient client = m_rig.client(good());
        ReadEnvVariablesRequest req;
        req.names = QStringList{QStringLiteral("HOME"), QStringLiteral("NO_SUCH_VARIABLE_X")};
        vmx::VixCallResult r = client.call(VixOp::ReadEnvVariables, req.encode());
        QVERIFY(r.ok());
        const auto named = vmx::parseEnvironment(r.reply.result);
        QCOMPARE(named.size(), 1);
        QVERIFY(!named.value(QStringLiteral("HOME")).isEmpty());
        r = client.call(VixOp::ReadEnvVariables, ReadEnvVariablesRequest{}.encode());
        QVERIFY(r.ok());
        QVERIFY(vmx::parseEnvironment(r.reply.result).contains(QStringLiteral("HOME")));
    }

    void readAndWriteVariable()
    {
        vmx::VixClient client = m_rig.client(good());
        ReadVariableRequest read;
        read.variableType = VixVariableType::GuestEnvironmentVariable;
        read.name = QStringLiteral("HOME");
        vmx::VixCallResult r = client.call(VixOp::ReadVariable, read.encode());
        QVERIFY(r.ok());
        QVERIFY(!r.reply.result.isEmpty());
        read.variableType = VixVariableType::GuestConfig;
        QCOMPARE(client.call(VixOp::ReadVariable, read.encode()).reply.error,
                 VixErr::OpNotSupportedOnGuest);
        WriteVariableRequest write;
        write.variableType = VixVariableType::GuestEnvironmentVariable;
        write.name = QStringLiteral("GK_TEST");
        write.value = QStringLiteral("1");
        // Only the administrator may change what later programs inherit.
        QCOMPARE(client.call(VixOp::WriteVariable, write.encode()).reply.error,
                 VixErr::GuestUserPermissions);
    }

    void writeVariableAsAdministratorReachesLaterPrograms()
    {
        // auth = none runs as the daemon's user, root here: the administrator.
        test::VixTestRig rig;
        QString why;
        QVERIFY2(rig.start("[auth]\nmode = none\n", &why), qPrintable(why));
        vmx::VixClient client = rig.client();
        WriteVariableRequest write;
        write.variableType = VixVariableType::GuestEnvironmentVariable;
        write.name = QStringLiteral("GK_WRITTEN");
        write.value = QStringLiteral("42 <&>");
        QCOMPARE(client.call(VixOp::WriteVariable, write.encode()).reply.error, VixErr::Ok);
        ReadVariableRequest read;
        read.variableType = VixVariableType::GuestEnvironmentVariable;
        read.name = write.name;
        QCOMPARE(client.call(VixOp::ReadVariable, read.encode()).reply.result,
                 QByteArray("42 <&>"));
        ReadEnvVariablesRequest env;
        env.names = QStringList{write.name};
        const vmx::VixCallResult r = client.call(VixOp::ReadEnvVariables, env.encode());
        QCOMPARE(r.reply.result, QByteArray("<ev>GK_WRITTEN=42 %3C%26%3E</ev>"));
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("env"));
        const qint64 pid = start(client, QStringLiteral("/bin/sh"),
                                 QStringLiteral("-c 'echo \"$GK_WRITTEN\" > %1'").arg(out));
        QVERIFY(pid > 0);
        QVERIFY(waitForExit(client, pid).has_value());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().trimmed(), QByteArray("42 <&>"));
    }

    void oldListProcessesEscapesOnRequest()
    {
        vmx::VixClient client = m_rig.client(good());
        const vmx::VixCallResult r =
            client.call(VixOp::ListProcesses, {}, VixRequestFlag::EscapeXmlData);
        QVERIFY(r.ok());
        QVERIFY(r.reply.result.startsWith("<escaped/>"));
    }

    void releaseCredentialsNeedsATicket()
    {
        vmx::VixClient client = m_rig.client(good());
        QCOMPARE(client.call(VixOp::ReleaseCredentials, {}).reply.error, VixErr::InvalidArg);
    }

    void ticketStandsInForThePassword()
    {
        vmx::VixClient client = m_rig.client(good());
        const vmx::VixCallResult acquired =
            client.call(VixOp::AcquireCredentials, AcquireCredentialsRequest{}.encode());
        QVERIFY(acquired.ok());
        const QByteArray ticket = acquired.reply.result;
        QCOMPARE(ticket.size(), 64);
        vmx::VixClient withTicket = m_rig.client({{}, {}, ticket});
        QCOMPARE(withTicket.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        QCOMPARE(withTicket.call(VixOp::ReleaseCredentials, {}).reply.error, VixErr::Ok);
        QCOMPARE(withTicket.call(VixOp::ValidateCredentials, {}).reply.error,
                 VixErr::InvalidLoginCredentials);
    }

    void forgedTicketIsRefused()
    {
        vmx::VixClient client = m_rig.client({{}, {}, QByteArray(64, 'a')});
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error,
                 VixErr::InvalidLoginCredentials);
    }

    void logoutAndOtherCredentialOperations()
    {
        vmx::VixClient client = m_rig.client(good());
        QCOMPARE(client.call(VixOp::CheckUserAccount, {}).reply.error, VixErr::Ok);
        QCOMPARE(client.call(VixOp::LogoutInGuest, {}).reply.error, VixErr::Ok);
        QCOMPARE(client.call(VixOp::WaitForTools, WaitForToolsRequest{}.encode()).reply.error,
                 VixErr::Ok);
        QCOMPARE(client.call(VixOp::CaptureScreen, {}).reply.error, VixErr::Ok);
        QCOMPARE(client.call(VixOp::AddAuthAlias, {}).reply.error, VixErr::OperationDisabled);
        QCOMPARE(client.call(4242, {}).reply.error, VixErr::UnrecognizedCommandInGuest);
    }

    void startProgramUsesTheWorkingDirectoryAndEnvironment()
    {
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFile::Permissions(0x7777));
        const QString out = dir.filePath(QStringLiteral("seen"));
        vmx::VixClient client = m_rig.client(good());
        StartProgramRequest req;
        req.programPath = QStringLiteral("/bin/sh");
        req.arguments =
            QStringLiteral("-c 'pwd > %1; echo \"$GK_ONE|$GK_TWO|$HOME\" >> %1'").arg(out);
        req.workingDir = dir.path();
        req.envVars =
            QStringList{QStringLiteral("GK_ONE=first value"), QStringLiteral("GK_TWO=a=b")};
        const vmx::VixCallResult r = client.call(VixOp::StartProgram, req.encode());
        QVERIFY(r.ok());
        const auto ended = waitForExit(client, r.reply.result.toLongLong());
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QString::fromLocal8Bit(lines.at(0)), QDir(dir.path()).canonicalPath());
        // The given environment is the whole environment: no HOME.
        QCOMPARE(lines.at(1), QByteArray("first value|a=b|"));
    }

    void killProcessEndsTheUsersProcess()
    {
        vmx::VixClient client = m_rig.client(good());
        const qint64 pid = start(client, QStringLiteral("/bin/sleep"), QStringLiteral("60"));
        QVERIFY(pid > 0);
        KillProcessRequest kill;
        kill.pid = quint64(pid);
        QCOMPARE(client.call(VixOp::KillProcess, kill.encode()).reply.error, VixErr::Ok);
        const auto ended = waitForExit(client, pid);
        QVERIFY(ended.has_value());
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)), 5000);
    }

    void runProgramReturnImmediatelyReportsNoCompletion()
    {
        vmx::VixClient client = m_rig.client(good());
        RunProgramRequest req;
        req.options = VixRunProgramOption::ReturnImmediately;
        req.program = QStringLiteral("/bin/sh");
        req.arguments = QStringLiteral("-c 'exit 6'");
        const vmx::VixCallResult r = client.call(VixOp::RunProgram, req.encode());
        QVERIFY(r.ok());
        const qint64 pid = r.reply.result.toLongLong();
        QVERIFY(pid > 0);
        const auto ended = waitForExit(client, pid);
        QVERIFY(ended.has_value());
        QCOMPARE(ended->exitCode, 6);
        // VixTools_RunProgram sets up no completion report with the option.
        QVERIFY(
            !m_rig.sim().waitForRpci("Run_Program_Done " + client.lastRequestName() + " ", 1500));
    }

    void logoutForgetsTheRememberedPassword()
    {
        // A user of its own: its password changes under the daemon.
        test::TestUser user;
        QString why;
        QVERIFY2(test::TestUser::ensure(&user, &why, QStringLiteral("gkvixlogout"),
                                        QStringLiteral("gk-Logout-pw1")),
                 qPrintable(why));
        vmx::VixClient client = m_rig.client({user.name, user.password, {}});
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        QProcess chpasswd;
        chpasswd.start(QStringLiteral("chpasswd"), QStringList());
        QVERIFY(chpasswd.waitForStarted());
        chpasswd.write(QStringLiteral("%1:gk-Changed-pw9\n").arg(user.name).toUtf8());
        chpasswd.closeWriteChannel();
        QVERIFY(chpasswd.waitForFinished());
        QCOMPARE(chpasswd.exitCode(), 0);
        // The old password is still remembered: no PAM check.
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        QCOMPARE(client.call(VixOp::LogoutInGuest, {}).reply.error, VixErr::Ok);
        // Forgotten: PAM now refuses the old password.
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error,
                 VixErr::InvalidLoginCredentials);
        vmx::VixClient changed = m_rig.client({user.name, QStringLiteral("gk-Changed-pw9"), {}});
        QCOMPARE(changed.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        // ensure() resets the password for the next run.
        QVERIFY2(test::TestUser::ensure(&user, &why, QStringLiteral("gkvixlogout"),
                                        QStringLiteral("gk-Logout-pw1")),
                 qPrintable(why));
    }

    void failedLoginStartsNothing()
    {
        QTemporaryDir dir;
        QFile::setPermissions(dir.path(), QFile::Permissions(0x7777));
        const QString marker = dir.filePath(QStringLiteral("ran"));
        vmx::VixClient client = m_rig.client(bad());
        RunProgramRequest run;
        run.program = QStringLiteral("/bin/sh");
        run.arguments = QStringLiteral("-c 'touch %1'").arg(marker);
        // RunProgram is an old operation: VixToolsRewriteError calls it 3015.
        QCOMPARE(client.call(VixOp::RunProgram, run.encode()).reply.error,
                 VixErr::GuestUserPermissions);
        QCOMPARE(
            start(client, QStringLiteral("/bin/sh"), QStringLiteral("-c 'touch %1'").arg(marker)),
            -qint64(VixErr::InvalidLoginCredentials));
        QThread::msleep(500);
        QVERIFY(!QFile::exists(marker));
        // Nothing was started as the user either.
        vmx::VixClient goodClient = m_rig.client(good());
        QList<vmx::GuestProcess> procs;
        QVERIFY(vmx::listProcessesEx(goodClient, {}, &procs).ok());
        QVERIFY(std::none_of(procs.cbegin(), procs.cend(),
                             [&](const vmx::GuestProcess &p) { return p.name.contains(marker); }));
    }

    void sspiAndSamlCredentialsAreNotSupported()
    {
        const struct
        {
            const char *name;
            quint32 type;
            QByteArray credential;
        } cases[] = {
            {"sspi", VixCredentialType::Sspi,
             VixCredential::encodeSspi(SecretBytes(std::string_view("token")))},
            {"saml", VixCredentialType::SamlBearerToken,
             VixCredential::encodeSamlToken(SecretBytes(std::string_view("<saml/>")), m_user.name)},
        };
        for (const auto &c : cases) {
            VixRequestSpec spec;
            spec.opCode = VixOp::ValidateCredentials;
            spec.credentialType = c.type;
            spec.credential = c.credential;
            const vmx::TcloResult r = m_rig.sim().call(
                encodeVixRelayedCommand("1", encodeVixRequestMessage(spec)), 10000);
            QVERIFY2(r.ok(), c.name);
            const auto reply = VixReply::decode(r.body(), false);
            QVERIFY(reply.ok());
            QCOMPARE(reply->error, VixErr::NotSupported);
        }
        QVERIFY(m_rig.pingOk());
    }

    void reloadSwitchesAuthNoneToPamButNeverBack()
    {
        test::VixTestRig rig;
        QString why;
        QVERIFY2(rig.start("[auth]\nmode = none\n", &why), qPrintable(why));
        vmx::VixClient anyone = rig.client(bad());
        QCOMPARE(anyone.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        QVERIFY(rig.reload("[auth]\nmode = pam\nfailure_delay_ms = 100\n"));
        QTRY_COMPARE_WITH_TIMEOUT(anyone.call(VixOp::ValidateCredentials, {}).reply.error,
                                  VixErr::InvalidLoginCredentials, 10000);
        vmx::VixClient user = rig.client(good());
        QCOMPARE(user.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        // Back to none on a reload is refused: the check stays.
        QVERIFY(rig.reload("[auth]\nmode = none\n"));
        QVERIFY(rig.pingOk());
        QThread::msleep(500);
        QCOMPARE(anyone.call(VixOp::ValidateCredentials, {}).reply.error,
                 VixErr::InvalidLoginCredentials);
    }

    // The guestkit-vmx binary, as a user runs it: --start-daemon (auth =
    // none, as root here), human output and --json.
    void guestkitVmxCommandsAgainstTheDaemon()
    {
        QTemporaryDir dir;
        const QString sock = dir.filePath(QStringLiteral("vmx.sock"));
        auto vmxTool = [&](const QStringList &args, QByteArray *out = nullptr) -> int {
            QProcess p;
            p.setProcessChannelMode(QProcess::SeparateChannels);
            p.start(gk::test::guestkitVmxPath(),
                    QStringList{QStringLiteral("--channel"), QStringLiteral("sim:unix:") + sock,
                                QStringLiteral("--start-daemon"), QStringLiteral("--daemon"),
                                gk::test::guestkitdPath()} +
                        args);
            if (!p.waitForFinished(60000)) {
                p.kill();
                p.waitForFinished();
                return -1;
            }
            if (out)
                *out = p.readAllStandardOutput();
            return p.exitCode();
        };
        auto json = [&](const QStringList &args, int expectedExit = 0) {
            QByteArray out;
            const int code = vmxTool(QStringList{QStringLiteral("--json")} + args, &out);
            if (code != expectedExit)
                qWarning() << args << "exit" << code << out;
            const QJsonDocument doc = QJsonDocument::fromJson(out);
            return code == expectedExit ? doc.object()
                                        : QJsonObject{{QStringLiteral("failed"), true}};
        };

        // run: the exit code of the program.
        QJsonObject o = json({QStringLiteral("run"), QStringLiteral("/bin/sh"),
                              QStringLiteral("-c"), QStringLiteral("'exit 3'")},
                             3);
        QCOMPARE(o.value(QStringLiteral("exitCode")).toInt(), 3);
        QVERIFY(o.value(QStringLiteral("pid")).toDouble() > 0);
        QByteArray text;
        QCOMPARE(vmxTool({QStringLiteral("run"), QStringLiteral("/bin/true")}, &text), 0);
        QVERIFY2(text.contains("exited with 0"), text.constData());

        // ps -p 1: init, owned by root.
        o = json({QStringLiteral("ps"), QStringLiteral("-p"), QStringLiteral("1")});
        const QJsonArray procs = o.value(QStringLiteral("processes")).toArray();
        QCOMPARE(procs.size(), 1);
        QCOMPARE(procs.first().toObject().value(QStringLiteral("pid")).toInt(), 1);
        QCOMPARE(procs.first().toObject().value(QStringLiteral("owner")).toString(),
                 QStringLiteral("root"));

        // getenv PATH: the daemon user's login environment has one.
        o = json({QStringLiteral("getenv"), QStringLiteral("PATH")});
        QVERIFY(!o.value(QStringLiteral("environment"))
                     .toObject()
                     .value(QStringLiteral("PATH"))
                     .toString()
                     .isEmpty());
        QCOMPARE(vmxTool({QStringLiteral("getenv"), QStringLiteral("PATH")}, &text), 0);
        QVERIFY2(text.startsWith("PATH=/"), text.constData());

        // validate, checkuser, waitfortools.
        QCOMPARE(json({QStringLiteral("validate")}).value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(json({QStringLiteral("checkuser")}).value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(json({QStringLiteral("waitfortools")}).value(QStringLiteral("ok")).toBool(), true);

        // setvar / getvar in one daemon each: the written value is not kept
        // across daemons, so read HOME back, and refuse a config variable.
        o = json({QStringLiteral("getvar"), QStringLiteral("HOME")});
        QCOMPARE(o.value(QStringLiteral("value")).toString(), QStringLiteral("/root"));
        o = json({QStringLiteral("getvar"), QStringLiteral("-t"), QStringLiteral("config"),
                  QStringLiteral("x")},
                 1);
        QCOMPARE(o.value(QStringLiteral("vixError")).toInt(), int(VixErr::OpNotSupportedOnGuest));
        o = json({QStringLiteral("setvar"), QStringLiteral("GK_VMX_VAR"), QStringLiteral("7")});
        QCOMPARE(o.value(QStringLiteral("value")).toString(), QStringLiteral("7"));

        // toolsstate: named properties, the values of GetToolsState.
        QCOMPARE(vmxTool({QStringLiteral("toolsstate")}, &text), 0);
        QVERIFY2(text.contains(("GUEST_NAME (4505) = " + QSysInfo::machineHostName()).toUtf8()),
                 text.constData());
        QVERIFY(text.contains("GUEST_SHAREDFOLDERS_SHARES_PATH (4525) = /mnt/hgfs"));
        QVERIFY(text.contains("GUEST_START_PROGRAM_ENABLED (4540) = FALSE"));
        QVERIFY(text.contains("GUEST_TOOLS_VERSION (4500) = " GUESTKIT_VERSION));
        o = json({QStringLiteral("toolsstate")});
        QCOMPARE(o.value(QStringLiteral("properties")).toObject().value(QStringLiteral("4505")),
                 QJsonValue(QSysInfo::machineHostName()));

        // mkdir -p, ls, rm.
        const QString base = dir.filePath(QStringLiteral("tree"));
        QCOMPARE(
            json({QStringLiteral("mkdir"), QStringLiteral("-p"), base + QStringLiteral("/a/b")})
                .contains(QStringLiteral("failed")),
            false);
        QVERIFY(QFileInfo(base + QStringLiteral("/a/b")).isDir());
        QFile file(base + QStringLiteral("/a/f.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("12345");
        file.close();
        o = json({QStringLiteral("ls"), QStringLiteral("-l"), base + QStringLiteral("/a")});
        QSet<QString> names;
        double size = -1;
        for (const QJsonValue &v : o.value(QStringLiteral("files")).toArray()) {
            const QJsonObject f = v.toObject();
            names.insert(f.value(QStringLiteral("name")).toString());
            if (f.value(QStringLiteral("name")).toString() == QLatin1String("f.txt"))
                size = f.value(QStringLiteral("size")).toDouble();
        }
        QVERIFY2(names.contains(QStringLiteral("b")) && names.contains(QStringLiteral("f.txt")),
                 qPrintable(QStringList(names.values()).join(QLatin1Char(','))));
        QCOMPARE(size, 5.0);
        QCOMPARE(vmxTool({QStringLiteral("rm"), base + QStringLiteral("/a/f.txt")}), 0);
        QVERIFY(!QFile::exists(base + QStringLiteral("/a/f.txt")));
        o = json({QStringLiteral("rm"), base + QStringLiteral("/a/f.txt")}, 1);
        QCOMPARE(o.value(QStringLiteral("vixError")).toInt(), int(VixErr::FileNotFound));
    }

    void disabledOperationIsRefusedAndReported()
    {
        test::VixTestRig rig;
        QString why;
        QVERIFY2(rig.start("[guestoperations]\nStartProgramInGuest.disabled = true\n", &why),
                 qPrintable(why));
        vmx::VixClient client = rig.client(good());
        QCOMPARE(start(client, QStringLiteral("/bin/true")), -qint64(VixErr::OperationDisabled));
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error, VixErr::Ok);
        const vmx::VixCallResult r = client.callAnonymous(VixOp::GetToolsState, {});
        const auto list = VixPropertyList::deserialize(QByteArray::fromBase64(r.reply.result));
        QVERIFY(list.ok());
        QCOMPARE(list->find(VixProperty::GuestStartProgramEnabled)->value.toBool(), true);
        QCOMPARE(list->find(VixProperty::GuestListProcessesEnabled)->value.toBool(), false);
    }

    void reloadAppliesANewPolicyAndKeepsItOnABadConfig()
    {
        test::VixTestRig rig;
        QString why;
        QVERIFY2(rig.start(QByteArray(), &why), qPrintable(why));
        vmx::VixClient client = rig.client(good());
        QVERIFY(start(client, QStringLiteral("/bin/true")) > 0);
        QVERIFY(rig.reload("[guestoperations]\nStartProgramInGuest.disabled = true\n"));
        QTRY_COMPARE_WITH_TIMEOUT(start(client, QStringLiteral("/bin/true")),
                                  -qint64(VixErr::OperationDisabled), 5000);
        // A config that no longer reads keeps the running one.
        QVERIFY(rig.reload("[guestoperations]\nStartProgramInGuest.disabled = maybe\n"));
        QVERIFY(rig.pingOk());
        QCOMPARE(start(client, QStringLiteral("/bin/true")), -qint64(VixErr::OperationDisabled));
        QVERIFY(rig.reload(QByteArray()));
        QTRY_VERIFY_WITH_TIMEOUT(start(client, QStringLiteral("/bin/true")) > 0, 5000);
    }

    void everythingDisabledButToolsState()
    {
        test::VixTestRig rig;
        QString why;
        QVERIFY2(rig.start("[guestoperations]\ndisabled = true\n", &why), qPrintable(why));
        vmx::VixClient client = rig.client(good());
        QCOMPARE(client.call(VixOp::ValidateCredentials, {}).reply.error,
                 VixErr::OperationDisabled);
        QCOMPARE(client.call(4242, {}).reply.error, VixErr::OperationDisabled);
        QVERIFY(client.callAnonymous(VixOp::GetToolsState, {}).ok());
    }
};

QTEST_GUILESS_MAIN(TestVixIntegration)
#include "tst_vix_integration.moc"
