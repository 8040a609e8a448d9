// The power module through the core's TCLO entry point, a recording RPCI and
// the dry-run backend: replies, the state change status, the action, and
// script outcomes (success, failure, missing, timeout).
#include "../rpc/FakeRpci.h"
#include "platform/DryRunPowerBackend.h"
#include "power/PowerModule.h"
#include "rpc/ToolsCore.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace gk;
using namespace std::chrono_literals;

class TstPowerModule : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    FakeRpci m_rpci;
    std::unique_ptr<rpc::ToolsCore> m_core;
    std::unique_ptr<power::PowerModule> m_module;
    platform::DryRunPowerBackend *m_backend = nullptr;

    void make(const QHash<QString, QString> &scripts, std::chrono::milliseconds timeout = 2s)
    {
        power::PowerSettings settings;
        settings.scriptDirectory = m_dir->path();
        settings.scripts = scripts;
        settings.scriptTimeout = timeout;
        auto backend = std::make_unique<platform::DryRunPowerBackend>();
        m_backend = backend.get();
        m_core = std::make_unique<rpc::ToolsCore>(m_rpci, rpc::ToolsIdentity());
        m_module = std::make_unique<power::PowerModule>(settings, std::move(backend));
        m_module->attach(*m_core);
    }

    // The power scripts are POSIX shell scripts on Linux and .cmd batch
    // files on Windows (vmtoolsd ships poweroff-vm-default.bat there), which
    // CreateProcess runs through cmd.exe. Returns the name for the config.
    QString script(const QString &name, const QByteArray &shBody, const QByteArray &cmdBody)
    {
#ifdef Q_OS_WIN
        const QString file = name + QStringLiteral(".cmd");
        const QByteArray text = "@echo off\r\n" + cmdBody + "\r\n";
        Q_UNUSED(shBody);
#else
        const QString file = name;
        const QByteArray text = "#!/bin/sh\n" + shBody + "\n";
        Q_UNUSED(cmdBody);
#endif
        QFile f(m_dir->filePath(file));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(text);
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return file;
    }

    QByteArray command(const QByteArray &text)
    {
        QByteArray reply;
        bool answered = false;
        m_core->handleCommand(text, [&](const QByteArray &r) {
            reply = r;
            answered = true;
        });
        QDeadlineTimer deadline(5000);
        while (!answered && !deadline.hasExpired())
            QTest::qWait(10);
        return answered ? reply : QByteArray("(no reply)");
    }

    QList<QByteArray> statuses() const
    {
        QList<QByteArray> out;
        for (const QByteArray &r : m_rpci.requests) {
            if (r.startsWith("tools.os.statechange.status"))
                out.append(r);
        }
        return out;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_rpci.requests.clear();
    }

    void cleanup()
    {
        m_module.reset();
        m_core.reset();
    }

    void registersTheFiveCommandsAndTwoCapabilities()
    {
        make({});
        for (const char *name : {"OS_Halt", "OS_Reboot", "OS_PowerOn", "OS_Resume", "OS_Suspend"})
            QVERIFY(m_core->dispatcher().contains(name));
        QList<QByteArray> caps;
        for (const QByteArray &m : m_core->capabilities().rpciMessages())
            caps.append(m);
        QVERIFY(caps.contains("tools.capability.statechange "));
        QVERIFY(caps.contains("tools.capability.softpowerop_retry "));
    }

    void successfulScriptReportsSuccessThenHalts()
    {
        const QString off = script(QStringLiteral("off"), "exit 0", "exit /b 0");
        make({{QStringLiteral("poweroff-script"), off}});
        QSignalSpy done(m_module.get(), &power::PowerModule::powerActionDone);
        QCOMPARE(command("OS_Halt"), QByteArray("OK "));
        QTRY_VERIFY_WITH_TIMEOUT(done.count() >= 1, 5000);
        QCOMPARE(statuses(),
                 QList<QByteArray>{QByteArray("tools.os.statechange.status 1 1\0", 32)});
        QCOMPARE(m_backend->performed(), QList<platform::PowerAction>{platform::PowerAction::Halt});
    }

    void failedScriptReportsFailureAndDoesNotAct()
    {
        const QString off = script(QStringLiteral("off"), "exit 1", "exit /b 1");
        make({{QStringLiteral("poweroff-script"), off}});
        QSignalSpy reported(m_module.get(), &power::PowerModule::stateChangeReported);
        QCOMPARE(command("OS_Reboot"), QByteArray("OK "));
        QTRY_VERIFY_WITH_TIMEOUT(reported.count() >= 1, 5000);
        QCOMPARE(statuses().value(0), QByteArray("tools.os.statechange.status 0 2\0", 32));
        QTest::qWait(100);
        QVERIFY(m_backend->performed().isEmpty());
    }

    void missingScriptIsRefusedAtOnce()
    {
        make({{QStringLiteral("suspend-script"), QStringLiteral("/nonexistent/script")}});
        QCOMPARE(command("OS_Suspend"), QByteArray("ERROR Error starting script"));
        QTRY_COMPARE_WITH_TIMEOUT(statuses().size(), 1, 5000);
        QCOMPARE(statuses().value(0), QByteArray("tools.os.statechange.status 0 5\0", 32));
    }

    void scriptPastTheTimeoutIsKilledAndReportedAsFailed()
    {
        // cmd: a loop that only the kill ends.
        const QString off = script(QStringLiteral("off"), "exec sleep 30", ":again\r\ngoto again");
        make({{QStringLiteral("poweroff-script"), off}}, 300ms);
        QSignalSpy reported(m_module.get(), &power::PowerModule::stateChangeReported);
        QElapsedTimer t;
        t.start();
        QCOMPARE(command("OS_Halt"), QByteArray("OK "));
        QCOMPARE(command("OS_PowerOn"), QByteArray("ERROR State change already in progress"));
        QTRY_VERIFY_WITH_TIMEOUT(reported.count() >= 1, 5000);
        QVERIFY(t.elapsed() < 3000);
        QCOMPARE(statuses().value(0), QByteArray("tools.os.statechange.status 0 1\0", 32));
        QVERIFY(m_backend->performed().isEmpty());
    }

    void suspendSucceedsWithoutTheBackend()
    {
        make({{QStringLiteral("suspend-script"), QString()}});
        QSignalSpy reported(m_module.get(), &power::PowerModule::stateChangeReported);
        QCOMPARE(command("OS_Suspend"), QByteArray("OK "));
        QTRY_COMPARE_WITH_TIMEOUT(statuses().size(), 1, 5000);
        QCOMPARE(statuses().value(0), QByteArray("tools.os.statechange.status 1 5\0", 32));
        QTest::qWait(100);
        QVERIFY(m_backend->performed().isEmpty());
    }

    void nextStateChangeIsTakenOnceTheStatusIsSentBeforeItsReply()
    {
        // vmtoolsd sends the status synchronously and reads the next TCLO
        // command after it: a VMX that has seen the status may ask again
        // before its reply to the status reaches us.
        make({{QStringLiteral("suspend-script"), QString()},
              {QStringLiteral("resume-script"), QString()}});
        m_rpci.deferred = true;
        QCOMPARE(command("OS_Suspend"), QByteArray("OK "));
        QCOMPARE(statuses().size(), 1);
        QCOMPARE(command("OS_Resume"), QByteArray("OK "));
        QCOMPARE(statuses().size(), 2);
        QCOMPARE(statuses().value(1), QByteArray("tools.os.statechange.status 1 4\0", 32));
        m_rpci.deferred = false;
        m_rpci.answerAll();
    }

    void toolScriptsOptionAcceptsOnlyZeroOrOne()
    {
        make({});
        QCOMPARE(command("Set_Option toolScripts.beforePowerOff 0"), QByteArray("OK "));
        QVERIFY(command("Set_Option toolScripts.beforePowerOff 2").startsWith("ERROR "));
        // Disabled: no script (the default one does not exist here), success.
        QCOMPARE(command("OS_Halt"), QByteArray("OK "));
        QTRY_COMPARE_WITH_TIMEOUT(statuses().size(), 1, 5000);
        QCOMPARE(statuses().value(0), QByteArray("tools.os.statechange.status 1 1\0", 32));
    }
};

QTEST_GUILESS_MAIN(TstPowerModule)
#include "tst_powermodule.moc"
