// THE TCLO table: how a message is split into name and arguments (as
// lib/rpcChannel/rpcChannel.c RpcChannel_Dispatch does), the error replies,
// and that a duplicate registration is fatal.
#include "rpc/TcloDispatcher.h"

#include <QProcess>
#include <QtTest>

using gk::rpc::TcloDispatcher;
using gk::rpc::TcloReply;

namespace {

// Dispatches one message and returns the reply frame.
QByteArray call(const TcloDispatcher &d, const QByteArray &message)
{
    QByteArray frame;
    int calls = 0;
    d.dispatch(message, [&](const TcloReply &r) {
        frame = r.frame();
        ++calls;
    });
    return calls == 1 ? frame : QByteArray("<responded ") + QByteArray::number(calls) + " times>";
}

// Runs in a child process started by the death tests below.
int runDeathCase(const QByteArray &which)
{
    TcloDispatcher d;
    auto h = [](const QByteArray &) {
        return TcloReply::success();
    };
    if (which == "duplicate") {
        d.addSync("ping", h);
        d.addSync("ping", h);
    } else if (which == "empty") {
        d.addSync("", h);
    } else if (which == "space") {
        d.addSync("two words", h);
    }
    return 0; // reaching here means the registration was accepted
}

} // namespace

class TstTcloDispatcher : public QObject
{
    Q_OBJECT

    TcloDispatcher m_d;
    QList<QByteArray> m_args;

private slots:
    void initTestCase()
    {
        m_d.addSync("ping", [](const QByteArray &) { return TcloReply::success(); });
        m_d.addSync("echo", [this](const QByteArray &args) {
            m_args.append(args);
            return TcloReply::success(args);
        });
        m_d.addSync("fail", [](const QByteArray &) { return TcloReply::failure("it failed"); });
    }
    void init() { m_args.clear(); }

    void answersKnownCommand()
    {
        QCOMPARE(call(m_d, "ping"), QByteArray("OK "));
        QCOMPARE(call(m_d, "fail"), QByteArray("ERROR it failed"));
    }

    void answersUnknownCommand()
    {
        QCOMPARE(call(m_d, "No_Such_Command"), QByteArray("ERROR Unknown Command"));
        QCOMPARE(call(m_d, "No_Such_Command with args"), QByteArray("ERROR Unknown Command"));
        // Names are case-sensitive, as in vmtoolsd's hash table.
        QCOMPARE(call(m_d, "PING"), QByteArray("ERROR Unknown Command"));
    }

    void answersEmptyOrBlankCommandAsBad()
    {
        QCOMPARE(call(m_d, ""), QByteArray("ERROR Bad command"));
        QCOMPARE(call(m_d, "   "), QByteArray("ERROR Bad command"));
        QCOMPARE(call(m_d, QByteArray("\0ping", 5)), QByteArray("ERROR Bad command"));
    }

    void skipsLeadingSpacesBeforeName()
    {
        QCOMPARE(call(m_d, "  ping"), QByteArray("OK "));
        QCOMPARE(call(m_d, "   echo x"), QByteArray("OK x"));
    }

    void nameEndsAtNul()
    {
        QCOMPARE(call(m_d, QByteArray("ping\0", 5)), QByteArray("OK "));
        QCOMPARE(call(m_d, QByteArray("ping\0junk after", 15)), QByteArray("OK "));
        QCOMPARE(m_args, QList<QByteArray>());
        QCOMPARE(call(m_d, QByteArray("echo\0hidden", 11)), QByteArray("OK "));
        QCOMPARE(m_args, QList<QByteArray>{QByteArray()});
    }

    void passesArgumentsWithSpacesAndBinaryBytes()
    {
        const QByteArray binary("a b  c\0\x01\xff\x80 \0", 12);
        QCOMPARE(call(m_d, "echo " + binary), "OK " + binary);
        QCOMPARE(m_args.last(), binary);
        // Only the one separating space is dropped; more belong to the arguments.
        QCOMPARE(call(m_d, "echo   three"), QByteArray("OK   three"));
        QCOMPARE(call(m_d, "echo"), QByteArray("OK "));
        QCOMPARE(m_args.last(), QByteArray());
    }

    void parseSplitsNameAndArguments_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("args");
        QTest::newRow("name only") << QByteArray("reset") << QByteArray("reset") << QByteArray();
        QTest::newRow("name and args") << QByteArray("Set_Option broadcastIP 1")
                                       << QByteArray("Set_Option") << QByteArray("broadcastIP 1");
        QTest::newRow("trailing space")
            << QByteArray("ping ") << QByteArray("ping") << QByteArray();
        QTest::newRow("leading spaces")
            << QByteArray("  a b") << QByteArray("a") << QByteArray("b");
        QTest::newRow("nul terminated")
            << QByteArray("a b\0", 4) << QByteArray("a") << QByteArray("b\0", 2);
        QTest::newRow("empty") << QByteArray() << QByteArray() << QByteArray();
    }
    void parseSplitsNameAndArguments()
    {
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, args);
        const TcloDispatcher::Parsed p = TcloDispatcher::parse(message);
        QCOMPARE(p.name, name);
        QCOMPARE(p.args, args);
    }

    void asynchronousHandlerRespondsLaterAndOnlyOnce()
    {
        TcloDispatcher d;
        TcloDispatcher::Respond saved;
        d.add("later", [&](const QByteArray &, TcloDispatcher::Respond r) { saved = r; });
        QList<QByteArray> frames;
        d.dispatch("later", [&](const TcloReply &r) { frames.append(r.frame()); });
        QVERIFY(frames.isEmpty());
        saved(TcloReply::success("done"));
        saved(TcloReply::failure("again")); // a second answer is swallowed
        QCOMPARE(frames, QList<QByteArray>{"OK done"});
    }

    void listsRegisteredNamesSorted()
    {
        QCOMPARE(m_d.names(), (QList<QByteArray>{"echo", "fail", "ping"}));
        QVERIFY(m_d.contains("ping"));
        QVERIFY(!m_d.contains("reset"));
    }

    void badRegistrationIsFatal_data()
    {
        QTest::addColumn<QByteArray>("which");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("duplicate") << QByteArray("duplicate") << QByteArray("registered twice");
        QTest::newRow("empty name") << QByteArray("empty") << QByteArray("not a single token");
        QTest::newRow("name with space") << QByteArray("space") << QByteArray("not a single token");
    }
    void badRegistrationIsFatal()
    {
        QFETCH(QByteArray, which);
        QFETCH(QByteArray, message);
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GK_DEATH_CASE"), QString::fromLatin1(which));
        child.setProcessEnvironment(env);
        // Under Wine a process start can fail now and then on a busy machine
        // (CI's fresh prefix): that says nothing about the dispatcher, so a
        // start that failed is tried again, and the reason is shown.
        for (int attempt = 0; attempt < 3; ++attempt) {
            child.start(QCoreApplication::applicationFilePath(), {});
            if (child.waitForStarted(10000) || child.error() != QProcess::FailedToStart)
                break;
            QTest::qWait(500);
        }
        QVERIFY2(child.waitForFinished(10000) || child.state() == QProcess::NotRunning,
                 qPrintable(child.errorString()));
        QVERIFY2(child.error() != QProcess::FailedToStart, qPrintable(child.errorString()));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit); // qFatal aborts
        QVERIFY2(child.readAllStandardError().contains(message), message.constData());
    }
};

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("GK_DEATH_CASE"))
        return runDeathCase(qgetenv("GK_DEATH_CASE"));
    QCoreApplication app(argc, argv);
    TstTcloDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tclodispatcher.moc"
