// The [guestinfo], [power] and [powerops] keys: defaults, every key read, and
// bad values reported (the daemon then refuses to start).
#include "daemon/ConfigReader.h"
#include "daemon/DaemonConfig.h"

#include <QTemporaryDir>
#include <QtTest>

using gk::daemon::ConfigReader;
using gk::daemon::DaemonConfig;

class TstGuestInfoPowerConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QByteArray &text)
    {
        static int n = 0;
        const QString path = m_dir.filePath(QStringLiteral("c%1.conf").arg(++n));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void defaultsFollowVmtoolsd()
    {
        ConfigReader reader(m_dir.filePath(QStringLiteral("absent.conf")));
        const DaemonConfig c = DaemonConfig::read(reader);
        QVERIFY(reader.errors().isEmpty());
        QCOMPARE(c.guestInfo.pollInterval.count(), 30);
        QCOMPARE(c.guestInfo.excludeNics,
                 QStringList({"docker*", "veth*", "virbr*", "antrea-*", "cali*"}));
        QVERIFY(c.guestInfo.primaryNics.isEmpty());
        QVERIFY(c.guestInfo.reportDisks);
        QCOMPARE(c.power.backend, gk::platform::PowerBackendKind::System);
        QCOMPARE(c.power.scriptDirectory, m_dir.path());
        QCOMPARE(c.power.scriptTimeout, std::chrono::milliseconds(60000));
        QVERIFY(c.power.scripts.isEmpty());
    }

    void readsEveryKeyAndTellsUnsetFromEmptyScripts()
    {
        ConfigReader reader(write("[guestinfo]\npoll_interval = 0\nexclude_nics = lo*, tun*\n"
                                  "primary_nics = ens*\nlow_priority_nics = wl*\n"
                                  "report_disks = no\n"
                                  "[power]\nbackend = dry-run\nscript_directory = /opt/s\n"
                                  "script_timeout = 5\n"
                                  "[powerops]\npoweroff-script = off.sh\nsuspend-script =\n"));
        const DaemonConfig c = DaemonConfig::read(reader);
        QVERIFY2(reader.errors().isEmpty(), qPrintable(reader.errors().join('\n')));
        QCOMPARE(c.guestInfo.pollInterval.count(), 0);
        QCOMPARE(c.guestInfo.excludeNics, QStringList({"lo*", "tun*"}));
        QCOMPARE(c.guestInfo.primaryNics, QStringList{"ens*"});
        QCOMPARE(c.guestInfo.lowPriorityNics, QStringList{"wl*"});
        QVERIFY(!c.guestInfo.reportDisks);
        QCOMPARE(c.power.backend, gk::platform::PowerBackendKind::DryRun);
        QCOMPARE(c.power.scriptDirectory, QStringLiteral("/opt/s"));
        QCOMPARE(c.power.scriptTimeout, std::chrono::milliseconds(5000));
        QCOMPARE(c.power.scripts.value("poweroff-script"), QStringLiteral("off.sh"));
        QVERIFY(c.power.scripts.contains("suspend-script"));
        QVERIFY(c.power.scripts.value("suspend-script").isEmpty());
        QVERIFY(!c.power.scripts.contains("poweron-script"));
    }

    void badValuesAreReported_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("key");
        QTest::newRow("negative poll") << QByteArray("[guestinfo]\npoll_interval = -1\n")
                                       << QStringLiteral("[guestinfo] poll_interval");
        QTest::newRow("word poll") << QByteArray("[guestinfo]\npoll_interval = often\n")
                                   << QStringLiteral("[guestinfo] poll_interval");
        QTest::newRow("backend") << QByteArray("[power]\nbackend = maybe\n")
                                 << QStringLiteral("[power] backend");
        QTest::newRow("timeout 0") << QByteArray("[power]\nscript_timeout = 0\n")
                                   << QStringLiteral("[power] script_timeout");
    }

    void badValuesAreReported()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, key);
        ConfigReader reader(write(text));
        DaemonConfig::read(reader);
        QCOMPARE(reader.errors().size(), 1);
        QVERIFY2(reader.errors().first().contains(key), qPrintable(reader.errors().first()));
    }
};

QTEST_GUILESS_MAIN(TstGuestInfoPowerConfig)
#include "tst_guestinfopowerconfig.moc"
