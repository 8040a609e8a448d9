// TrackedProcesses: what every ProcessManager backend keeps about the
// processes it started (pure: no OS process is involved).
#include "platform/TrackedProcesses.h"

#include <QTest>

using namespace gk::platform;
using namespace std::chrono_literals;

namespace {

ProcessInfo started(qint64 pid, const QString &commandLine = QStringLiteral("/bin/prog -x"))
{
    ProcessInfo info;
    info.pid = pid;
    info.name = QStringLiteral("prog");
    info.owner = QStringLiteral("alice");
    info.commandLine = commandLine;
    info.startTime = QDateTime::currentDateTimeUtc();
    return info;
}

} // namespace

class TestTrackedProcesses : public QObject
{
    Q_OBJECT
private slots:
    void finishedProcessesKeepTheirExitCodeUntilTheyExpire()
    {
        TrackedProcesses tracked(150ms);
        tracked.add(started(10));
        tracked.add(started(11));
        QCOMPARE(tracked.runningCount(), 2);
        QCOMPARE(tracked.finish(10, 7), 7);
        QCOMPARE(tracked.finish(11, 0, 9), 128 + 9); // ended by SIGKILL
        QCOMPARE(tracked.runningCount(), 0);
        const std::optional<ProcessInfo> ten = tracked.find(10);
        QVERIFY(ten);
        QCOMPARE(ten->running, false);
        QCOMPARE(ten->exitCode, 7);
        QVERIFY(ten->endTime.isValid());
        QCOMPARE(tracked.find(11)->terminationSignal, 9);
        QCOMPARE(tracked.list().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!tracked.find(10), 5000); // the timer removed it
        QVERIFY(tracked.list().isEmpty());
    }

    void aStartedSpecIsRecordedWithItsCommandLine()
    {
        TrackedProcesses tracked(1h);
        ProcessSpec spec;
        spec.program = QStringLiteral("/usr/bin/sleep");
        spec.arguments = QStringList{QStringLiteral("60"), QStringLiteral("x y")};
        tracked.add(70, QStringLiteral("bob"), spec);
        const std::optional<ProcessInfo> info = tracked.find(70);
        QVERIFY(info);
        QCOMPARE(info->name, QStringLiteral("sleep"));
        QCOMPARE(info->owner, QStringLiteral("bob"));
        QCOMPARE(info->commandLine, QStringLiteral("/usr/bin/sleep 60 x y"));
        QVERIFY(info->startTime.isValid());
        QCOMPARE(info->running, true);
        QCOMPARE(tracked.runningCount(), 1);
    }

    void runningProcessesNeverExpire()
    {
        TrackedProcesses tracked(1ms);
        tracked.add(started(20));
        QTest::qWait(30);
        QVERIFY(tracked.find(20));
        QCOMPARE(tracked.find(20)->running, true);
        QCOMPARE(tracked.find(20)->tracked, true);
    }

    void aShorterRetentionExpiresAtOnce()
    {
        TrackedProcesses tracked(1h);
        tracked.add(started(30));
        tracked.finish(30, 1);
        QVERIFY(tracked.find(30));
        tracked.setRetention(0ms);
        QVERIFY(!tracked.find(30));
        QVERIFY(tracked.list().isEmpty());
    }

    void aSecondFinishChangesNothing()
    {
        TrackedProcesses tracked(1h);
        tracked.add(started(40));
        tracked.finish(40, 3);
        tracked.finish(40, 5);
        QCOMPARE(tracked.find(40)->exitCode, 3);
        QCOMPARE(tracked.runningCount(), 0);
        QCOMPARE(tracked.finish(41, 6), 6); // never tracked: nothing kept
        QVERIFY(!tracked.find(41));
    }

    void aPidStartedAgainOutlivesItsEarlierFinish()
    {
        TrackedProcesses tracked(100ms);
        tracked.add(started(50));
        tracked.finish(50, 1);
        tracked.add(started(50)); // the pid came back for a new process
        QTest::qWait(250);        // past the first finish's expiry
        QVERIFY(tracked.find(50));
        QCOMPARE(tracked.find(50)->running, true);
        QCOMPARE(tracked.keptCount(), 1);
        tracked.finish(50, 2);
        QCOMPARE(tracked.find(50)->exitCode, 2);
        QTRY_COMPARE_WITH_TIMEOUT(tracked.keptCount(), 0, 5000);
    }

    void thousandsExpireInTheOrderTheyFinished()
    {
        TrackedProcesses tracked(300ms);
        for (qint64 pid = 1000; pid < 6000; ++pid) {
            tracked.add(started(pid));
            tracked.finish(pid, 0);
        }
        QTest::qWait(150);
        for (qint64 pid = 6000; pid < 11000; ++pid) {
            tracked.add(started(pid));
            tracked.finish(pid, 1);
        }
        tracked.add(started(20000)); // running: never expires
        QCOMPARE(tracked.keptCount(), 10001);
        // The first five thousand go by the timer, the others stay a while.
        QTRY_COMPARE_WITH_TIMEOUT(tracked.keptCount(), 5001, 5000);
        QVERIFY(!tracked.find(1000));
        QCOMPARE(tracked.find(10999)->exitCode, 1);
        QTRY_COMPARE_WITH_TIMEOUT(tracked.keptCount(), 1, 5000);
        QCOMPARE(tracked.list().size(), 1);
    }

    void aLongerRetentionMovesTheTimerToo()
    {
        TrackedProcesses tracked(100ms);
        tracked.add(started(60));
        tracked.finish(60, 4);
        tracked.setRetention(400ms);
        QTest::qWait(250);
        QCOMPARE(tracked.keptCount(), 1);
        QCOMPARE(tracked.find(60)->exitCode, 4);
        QTRY_COMPARE_WITH_TIMEOUT(tracked.keptCount(), 0, 5000);
    }

    void mergingMarksFillsAndAppends()
    {
        TrackedProcesses tracked(1h);
        tracked.add(started(50));
        tracked.add(started(51));
        tracked.finish(51, 2);
        QList<ProcessInfo> table;
        ProcessInfo fresh; // just exec'd: the OS shows no command line yet
        fresh.pid = 50;
        fresh.name = QStringLiteral("guestkitd");
        ProcessInfo other = started(60, QStringLiteral("/usr/sbin/other"));
        other.owner = QStringLiteral("root");
        table << fresh << other;
        tracked.mergeInto(&table);
        QCOMPARE(table.size(), 3);
        QCOMPARE(table.at(0).tracked, true);
        QCOMPARE(table.at(0).commandLine, QStringLiteral("/bin/prog -x"));
        QCOMPARE(table.at(0).name, QStringLiteral("prog"));
        QCOMPARE(table.at(0).owner, QStringLiteral("alice"));
        QCOMPARE(table.at(1).tracked, false);
        QCOMPARE(table.at(1).owner, QStringLiteral("root"));
        QCOMPARE(table.at(2).pid, 51); // finished, appended with its exit code
        QCOMPARE(table.at(2).exitCode, 2);
        QCOMPARE(table.at(2).running, false);
    }
};

QTEST_GUILESS_MAIN(TestTrackedProcesses)
#include "tst_tracked_processes.moc"
