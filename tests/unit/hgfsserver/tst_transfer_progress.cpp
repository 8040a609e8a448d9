// guestkit-vmx's transfer progress line: percent, bar, rate, time left; and
// nothing at all when disabled (output not a terminal, or --json).
#include "vmx/TransferProgress.h"

#include <QTemporaryFile>
#include <QTest>

#include <cstdio>

using gk::vmx::TransferProgress;

class TestTransferProgress : public QObject
{
    Q_OBJECT

private slots:
    void lineShowsPercentBarRateAndTimeLeft()
    {
        const QString line = TransferProgress::line(QStringLiteral("f.bin"), 50 * 1024 * 1024,
                                                    100 * 1024 * 1024, 5.0, 10);
        QCOMPARE(line, QStringLiteral("f.bin  50% [#####     ] 50.0 MiB / 100.0 MiB  10.0 MiB/s  "
                                      "0:05 left"));
    }

    void unknownRateShowsNoTimeLeft()
    {
        const QString line = TransferProgress::line(QStringLiteral("x"), 0, 1000, 0.0, 4);
        QVERIFY(line.contains(QStringLiteral("--:-- left")));
        QVERIFY(line.contains(QStringLiteral("  0% [    ]")));
    }

    void durationsAndSizesAreReadable()
    {
        QCOMPARE(TransferProgress::formatDuration(65), QStringLiteral("1:05"));
        QCOMPARE(TransferProgress::formatDuration(3723), QStringLiteral("1:02:03"));
        QCOMPARE(TransferProgress::formatBytes(512), QStringLiteral("512 B"));
        QCOMPARE(TransferProgress::formatBytes(1536), QStringLiteral("1.5 KiB"));
        QCOMPARE(TransferProgress::formatBytes(5.0 * 1024 * 1024 * 1024),
                 QStringLiteral("5.0 GiB"));
    }

    void disabledProgressWritesNothing()
    {
        std::FILE *out = std::tmpfile();
        QVERIFY(out);
        {
            TransferProgress p(false, QStringLiteral("f"), out);
            p.update(10, 100);
            p.finish();
        }
        QCOMPARE(std::ftell(out), 0L);
        TransferProgress on(true, QStringLiteral("f"), out);
        on.update(10, 100);
        on.finish();
        QVERIFY(std::ftell(out) > 0);
        std::fclose(out);
    }
};

QTEST_GUILESS_MAIN(TestTransferProgress)
#include "tst_transfer_progress.moc"
