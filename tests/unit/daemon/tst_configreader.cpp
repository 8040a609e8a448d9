// Config reading: defaults for what is absent, and every bad value reported
// with the file, the key and the reason.
#include "daemon/ConfigReader.h"
#include "daemon/DaemonConfig.h"

#include <QTemporaryDir>
#include <QtTest>

using gk::daemon::ConfigReader;
using gk::daemon::DaemonConfig;

class TstConfigReader : public QObject
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
    void missingFileMeansDefaults()
    {
        ConfigReader reader(m_dir.filePath(QStringLiteral("absent.conf")));
        QVERIFY(!reader.fileExists());
        const DaemonConfig c = DaemonConfig::read(reader);
        QVERIFY(reader.errors().isEmpty());
        QCOMPARE(c.channel, QStringLiteral("auto"));
        QCOMPARE(c.log.level, QStringLiteral("information"));
        QCOMPARE(c.log.fileRotateSize, qint64(10 << 20));
        QCOMPARE(c.log.fileKeep, 5);
        QVERIFY(c.log.syslog);
        QCOMPARE(c.confDirectory, m_dir.path());
        QVERIFY(c.trimMemory);
        QVERIFY(c.vix.durableUploads);
        QVERIFY(c.vix.builtinPrograms);
        QCOMPARE(c.vix.handoffWait.count(), 250);
    }

    void readsTheVixKeys()
    {
        ConfigReader reader(write("[vix]\ndurable_uploads = false\nbuiltin_programs = off\n"
                                  "handoff_wait_us = 0\nmax_running_processes = 3\n"));
        const DaemonConfig c = DaemonConfig::read(reader);
        QVERIFY2(reader.errors().isEmpty(), qPrintable(reader.errors().join('\n')));
        QVERIFY(!c.vix.durableUploads);
        QVERIFY(!c.vix.builtinPrograms);
        QCOMPARE(c.vix.handoffWait.count(), 0);
        QCOMPARE(c.vix.maxRunningProcesses, 3);
        ConfigReader bad(write("[vix]\ndurable_uploads = perhaps\n"));
        QVERIFY(DaemonConfig::read(bad).vix.durableUploads);
        QCOMPARE(bad.errors().size(), 1);
        QVERIFY2(bad.errors().first().contains(QStringLiteral("durable_uploads")),
                 qPrintable(bad.errors().first()));
    }

    void emptyPathReadsNothing()
    {
        ConfigReader reader{QString()};
        QCOMPARE(reader.readInt(QStringLiteral("a/b"), 7, 0, 10), qint64(7));
        QVERIFY(reader.errors().isEmpty());
    }

    void readsEveryDaemonKey()
    {
        ConfigReader reader(write("[channel]\nendpoint = sim:unix:/run/vmx.sock\n"
                                  "[daemon]\nconf_directory = /opt/gk\ntrim_memory = no\n"
                                  "[logging]\nlevel = Debug\nfile = /var/log/gk.log\n"
                                  "file_rotate_size = 2M\nfile_keep = 3\nsyslog = off\n"));
        const DaemonConfig c = DaemonConfig::read(reader);
        QVERIFY2(reader.errors().isEmpty(), qPrintable(reader.errors().join('\n')));
        QCOMPARE(c.channel, QStringLiteral("sim:unix:/run/vmx.sock"));
        QCOMPARE(c.confDirectory, QStringLiteral("/opt/gk"));
        QVERIFY(!c.trimMemory);
        QCOMPARE(c.log.level, QStringLiteral("debug"));
        QCOMPARE(c.log.file, QStringLiteral("/var/log/gk.log"));
        QCOMPARE(c.log.fileRotateSize, qint64(2) << 20);
        QCOMPARE(c.log.fileKeep, 3);
        QVERIFY(!c.log.syslog);
    }

    void badValuesNameFileKeyAndReason_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("expected"); // after "<file>: "
        QTest::newRow("bool") << QByteArray("[logging]\nsyslog = maybe\n")
                              << "[logging] syslog: 'maybe' is not a boolean (true/false)";
        QTest::newRow("daemon bool") << QByteArray("[daemon]\ntrim_memory = 2\n")
                                     << "[daemon] trim_memory: '2' is not a boolean (true/false)";
        QTest::newRow("int text") << QByteArray("[logging]\nfile_keep = five\n")
                                  << "[logging] file_keep: 'five' is not a whole number";
        QTest::newRow("int range") << QByteArray("[logging]\nfile_keep = 101\n")
                                   << "[logging] file_keep: 101 is out of range (1 to 100)";
        QTest::newRow("size text") << QByteArray("[logging]\nfile_rotate_size = big\n")
                                   << "[logging] file_rotate_size: 'big' is not a size (a number "
                                      "with an optional K, M or G)";
        QTest::newRow("size unit") << QByteArray("[logging]\nfile_rotate_size = 10X\n")
                                   << "[logging] file_rotate_size: '10X' is not a size";
        QTest::newRow("size range") << QByteArray("[logging]\nfile_rotate_size = 1K\n")
                                    << "[logging] file_rotate_size: 1K is out of range (65536 to "
                                       "4294967296 bytes)";
        QTest::newRow("size negative") << QByteArray("[logging]\nfile_rotate_size = -1M\n")
                                       << "[logging] file_rotate_size: '-1M' is not a size";
        QTest::newRow("choice") << QByteArray("[logging]\nlevel = loud\n")
                                << "[logging] level: 'loud' is not one of: none, fatal";
        QTest::newRow("channel") << QByteArray("[channel]\nendpoint = serial\n")
                                 << "[channel] endpoint: invalid channel 'serial'";
        QTest::newRow("misspelt key")
            << QByteArray("[logging]\nfile_kept = 3\n") << "[logging] file_kept: unknown key";
        QTest::newRow("unknown section")
            << QByteArray("[loging]\nlevel = debug\n") << "[loging] level: unknown key";
        QTest::newRow("key outside a section")
            << QByteArray("level = debug\n") << "[General] level: unknown key";
    }
    void badValuesNameFileKeyAndReason()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QString, expected);
        const QString path = write(ini);
        ConfigReader reader(path);
        DaemonConfig::read(reader);
        QCOMPARE(reader.errors().size(), 1);
        const QString error = reader.errors().first();
        QVERIFY2(error.startsWith(path + QStringLiteral(": ") + expected), qPrintable(error));
    }

    void hashCommentsAreNotUnknownKeys()
    {
        ConfigReader reader(write("# a comment\n[logging]\n# level = debug\n;file = x\n"
                                  "level = warning\n"));
        const DaemonConfig c = DaemonConfig::read(reader);
        QVERIFY2(reader.errors().isEmpty(), qPrintable(reader.errors().join('\n')));
        QCOMPARE(c.log.level, QStringLiteral("warning"));
    }

    void badValueFallsBackToDefaultAndEveryErrorIsKept()
    {
        ConfigReader reader(write("[logging]\nlevel = loud\nsyslog = maybe\nfile_keep = x\n"));
        const DaemonConfig c = DaemonConfig::read(reader);
        QCOMPARE(reader.errors().size(), 3);
        QCOMPARE(c.log.level, QStringLiteral("information"));
        QCOMPARE(c.log.fileKeep, 5);
    }

    void readsBooleanSpellings()
    {
        ConfigReader reader(write("[a]\nt1 = true\nt2 = YES\nt3 = on\nt4 = 1\n"
                                  "f1 = false\nf2 = No\nf3 = off\nf4 = 0\n"));
        for (const char *k : {"a/t1", "a/t2", "a/t3", "a/t4"})
            QVERIFY(reader.readBool(QLatin1String(k), false));
        for (const char *k : {"a/f1", "a/f2", "a/f3", "a/f4"})
            QVERIFY(!reader.readBool(QLatin1String(k), true));
        QVERIFY(reader.errors().isEmpty());
    }

    void readsSizesWithSuffixes()
    {
        ConfigReader reader(write("[a]\nb = 512\nk = 4k\nm = 3M\ng = 1G\nsp = 2 M\n"));
        QCOMPARE(reader.readSize(QStringLiteral("a/b"), 0, 0, qint64(1) << 40), qint64(512));
        QCOMPARE(reader.readSize(QStringLiteral("a/k"), 0, 0, qint64(1) << 40), qint64(4096));
        QCOMPARE(reader.readSize(QStringLiteral("a/m"), 0, 0, qint64(1) << 40), qint64(3) << 20);
        QCOMPARE(reader.readSize(QStringLiteral("a/g"), 0, 0, qint64(1) << 40), qint64(1) << 30);
        QCOMPARE(reader.readSize(QStringLiteral("a/sp"), 0, 0, qint64(1) << 40), qint64(2) << 20);
        QVERIFY(reader.errors().isEmpty());
    }

    void readsCommaSeparatedList()
    {
        ConfigReader reader(write("[a]\nl = one, two,,three \n"));
        QCOMPARE(
            reader.readList(QStringLiteral("a/l"), {}),
            (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
    }

    void unreadableFileIsAnError()
    {
        ConfigReader reader(m_dir.path()); // a directory
        QCOMPARE(reader.errors().size(), 1);
        QVERIFY(reader.errors().first().contains(m_dir.path()));
    }
};

QTEST_GUILESS_MAIN(TstConfigReader)
#include "tst_configreader.moc"
