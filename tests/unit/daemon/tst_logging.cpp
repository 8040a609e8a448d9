// The daemon's logging: Qt messages reach the log file at the configured
// level, and the file rotates by size keeping the configured number.
#include "daemon/Logging.h"

#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtTest>

using gk::daemon::Logging;
using gk::daemon::LogSettings;

Q_LOGGING_CATEGORY(lcTest, "guestkit.test")

class TstLogging : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static QByteArray readAll(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void cleanup() { Logging::shutdown(); }

    void messagesAtOrAboveTheLevelReachTheFile()
    {
        LogSettings s;
        s.level = QStringLiteral("warning");
        s.file = m_dir.filePath(QStringLiteral("level/guestkitd.log"));
        s.syslog = false;
        Logging::setup(s, false);
        qCInfo(lcTest) << "an info line that must not appear";
        qCWarning(lcTest) << "a warning line that must appear";
        qCCritical(lcTest) << "a critical line that must appear";
        Logging::shutdown();
        const QByteArray text = readAll(s.file);
        QVERIFY2(text.contains("a warning line that must appear"), text.constData());
        QVERIFY(text.contains("a critical line that must appear"));
        QVERIFY(!text.contains("an info line"));
        // "YYYY-MM-DD HH:MM:SS.mmm [Warning] ..."
        QVERIFY(
            QRegularExpression(
                QStringLiteral("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[Warning\\]"))
                .match(QString::fromUtf8(text))
                .hasMatch());
    }

    void fileRotatesBySizeAndKeepsTheConfiguredNumber()
    {
        LogSettings s;
        s.level = QStringLiteral("information");
        const QString dir = m_dir.filePath(QStringLiteral("rotate"));
        s.file = dir + QStringLiteral("/guestkitd.log");
        s.fileRotateSize = 64 * 1024;
        s.fileKeep = 3;
        s.syslog = false;
        Logging::setup(s, false);
        const QByteArray line(200, 'x');
        for (int i = 0; i < 2000; ++i) // about 400 KiB: several rotations
            qCWarning(lcTest, "%d %s", i, line.constData());
        Logging::shutdown();
        const QStringList files = QDir(dir).entryList(QDir::Files, QDir::Name);
        // The current file and exactly fileKeep numbered archives (Poco purges
        // the oldest by time, so the numbers may have a gap).
        QCOMPARE(files.size(), 1 + s.fileKeep);
        QCOMPARE(files.first(), QStringLiteral("guestkitd.log"));
        for (qsizetype i = 1; i < files.size(); ++i)
            QVERIFY2(QRegularExpression(QStringLiteral("^guestkitd\\.log\\.\\d+$"))
                         .match(files[i])
                         .hasMatch(),
                     qPrintable(files[i]));
        for (const QString &f : files)
            QVERIFY2(QFileInfo(dir + '/' + f).size() <= 64 * 1024 + 1024, qPrintable(f));
        // The newest line is in the current file.
        QVERIFY(readAll(s.file).contains("1999 xxx"));
    }
};

QTEST_GUILESS_MAIN(TstLogging)
#include "tst_logging.moc"
