// guestkitd's command line: each option, and a clear message for bad ones.
#include "daemon/DaemonOptions.h"

#include <QtTest>

using gk::daemon::DaemonOptions;
using Action = DaemonOptions::Action;

namespace {

DaemonOptions parse(QStringList args)
{
    args.prepend(QStringLiteral("guestkitd"));
    return DaemonOptions::parse(args);
}

} // namespace

class TstDaemonOptions : public QObject
{
    Q_OBJECT

private slots:
    void noOptionsRunsWithConfigDefaults()
    {
        const DaemonOptions o = parse({});
        QCOMPARE(int(o.action), int(Action::Run));
        QVERIFY(o.channel.isEmpty());
        QVERIFY(o.configPath.isEmpty());
        QVERIFY(o.logLevel.isEmpty());
        QVERIFY(!o.foreground);
    }

    void readsEveryRunOption()
    {
        const DaemonOptions o = parse({"--channel", "sim:unix:/tmp/v.sock", "--config",
                                       "/tmp/g.conf", "--foreground", "--log-level", "DEBUG"});
        QCOMPARE(int(o.action), int(Action::Run));
        QCOMPARE(o.channel, QStringLiteral("sim:unix:/tmp/v.sock"));
        QCOMPARE(o.configPath, QStringLiteral("/tmp/g.conf"));
        QCOMPARE(o.logLevel, QStringLiteral("debug"));
        QVERIFY(o.foreground);
        QCOMPARE(parse({"--channel=sim:tcp:127.0.0.1:5"}).channel,
                 QStringLiteral("sim:tcp:127.0.0.1:5"));
    }

    void notYetBuiltChannelsStillParse()
    {
        // Refusing them (exit 3) is main()'s job, after the options are valid.
        for (const char *c : {"backdoor", "vsock", "auto"})
            QCOMPARE(int(parse({"--channel", QLatin1String(c)}).action), int(Action::Run));
    }

    void helpAndVersion()
    {
        const DaemonOptions help = parse({"--help"});
        QCOMPARE(int(help.action), int(Action::ShowHelp));
        for (const char *word :
             {"--channel", "--config", "--foreground", "--log-level", "--version"})
            QVERIFY2(help.message.contains(QLatin1String(word)), word);
        QCOMPARE(int(parse({"-h"}).action), int(Action::ShowHelp));
        const DaemonOptions version = parse({"--version"});
        QCOMPARE(int(version.action), int(Action::ShowVersion));
        QCOMPARE(version.message, QStringLiteral("guestkitd " GUESTKIT_VERSION));
    }

    void badOptionsFailWithClearMessage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
        QTest::newRow("missing value") << QStringList{"--channel"} << "channel";
        QTest::newRow("bad channel")
            << QStringList{"--channel", "serial:x"} << "invalid channel 'serial:x'";
        QTest::newRow("bad tcp port")
            << QStringList{"--channel", "sim:tcp:h:99999"} << "port must be a number";
        QTest::newRow("bad level")
            << QStringList{"--log-level", "loud"} << "invalid log level 'loud'";
        QTest::newRow("empty config") << QStringList{"--config", ""} << "--config needs a file";
        QTest::newRow("positional") << QStringList{"run"} << "unexpected argument 'run'";
    }
    void badOptionsFailWithClearMessage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const DaemonOptions o = parse(args);
        QCOMPARE(int(o.action), int(Action::Fail));
        QVERIFY2(o.message.contains(message), qPrintable(o.message));
    }
};

QTEST_GUILESS_MAIN(TstDaemonOptions)
#include "tst_daemonoptions.moc"
