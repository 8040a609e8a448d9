// StartedPrograms: the programs started through VIX as ListProcessesEx
// reports them, and how long an ended one stays listed.
#include "vix/server/StartedPrograms.h"

#include <QTest>

using gk::vix::server::StartedPrograms;
using namespace std::chrono_literals;

namespace {

StartedPrograms::Program program(qint64 pid, const QString &name = QStringLiteral("prog"))
{
    StartedPrograms::Program p;
    p.pid = pid;
    p.cmdName = name;
    p.commandLine = QStringLiteral("\"/bin/%1\"").arg(name);
    p.user = QStringLiteral("alice");
    p.startTime = QDateTime::currentDateTimeUtc();
    return p;
}

QList<qint64> pids(const QList<StartedPrograms::Program> &programs)
{
    QList<qint64> out;
    for (const auto &p : programs)
        out.append(p.pid);
    return out;
}

} // namespace

class TestStartedPrograms : public QObject
{
    Q_OBJECT
private slots:
    void listsInStartOrderWithExitCodes()
    {
        StartedPrograms started(1h);
        started.started(program(30));
        started.started(program(10));
        started.started(program(20));
        started.finished(10, 3, QDateTime::currentDateTimeUtc());
        QCOMPARE(pids(started.list()), (QList<qint64>{30, 10, 20}));
        QCOMPARE(started.find(10)->running, false);
        QCOMPARE(started.find(10)->exitCode, 3);
        QCOMPARE(started.find(20)->running, true);
        QVERIFY(!started.find(40));
        started.finished(10, 9, QDateTime::currentDateTimeUtc()); // a second exit changes nothing
        QCOMPARE(started.find(10)->exitCode, 3);
        started.finished(40, 1, QDateTime::currentDateTimeUtc()); // never started: nothing kept
        QVERIFY(!started.find(40));
    }

    void endedProgramsGoAfterTheRetentionRunningOnesStay()
    {
        StartedPrograms started(100ms);
        started.started(program(1));
        started.started(program(2));
        started.finished(1, 0, QDateTime::currentDateTimeUtc());
        QTest::qWait(200);
        QVERIFY(!started.find(1));
        QCOMPARE(pids(started.list()), (QList<qint64>{2}));
    }

    void anEndTimeOlderThanTheRetentionIsNeverListed()
    {
        // An exit recorded with an end time far back (the clock was set
        // forward meanwhile) behind one that is still fresh.
        StartedPrograms started(1h);
        started.started(program(1));
        started.started(program(2));
        started.finished(1, 0, QDateTime::currentDateTimeUtc());
        started.finished(2, 0, QDateTime::currentDateTimeUtc().addDays(-1));
        QCOMPARE(pids(started.list()), (QList<qint64>{1}));
        QVERIFY(!started.find(2));
    }

    void aReusedPidReplacesTheProgramThatEndedUnderIt()
    {
        StartedPrograms started(200ms);
        started.started(program(7, QStringLiteral("first")));
        started.finished(7, 1, QDateTime::currentDateTimeUtc());
        started.started(program(7, QStringLiteral("second")));
        QCOMPARE(started.list().size(), 1);
        QCOMPARE(started.find(7)->cmdName, QStringLiteral("second"));
        QCOMPARE(started.find(7)->running, true);
        QTest::qWait(300); // past the first one's retention: the second stays
        QCOMPARE(started.find(7)->cmdName, QStringLiteral("second"));
        started.finished(7, 2, QDateTime::currentDateTimeUtc());
        QCOMPARE(started.find(7)->exitCode, 2);
        QTest::qWait(300);
        QVERIFY(!started.find(7));
        QVERIFY(started.list().isEmpty());
    }

    void thousandsEndAndGoInOrder()
    {
        StartedPrograms started(300ms);
        for (qint64 pid = 1; pid <= 5000; ++pid) {
            started.started(program(pid));
            started.finished(pid, int(pid % 256), QDateTime::currentDateTimeUtc());
        }
        QTest::qWait(150);
        for (qint64 pid = 5001; pid <= 10000; ++pid) {
            started.started(program(pid));
            started.finished(pid, 0, QDateTime::currentDateTimeUtc());
        }
        QCOMPARE(started.list().size(), 10000);
        QCOMPARE(started.find(300)->exitCode, 300 % 256);
        QTRY_COMPARE_WITH_TIMEOUT(started.list().size(), 5000, 5000);
        QCOMPARE(started.list().first().pid, qint64(5001));
        QVERIFY(started.find(10000));
    }

    void aShorterRetentionAppliesAtOnce()
    {
        StartedPrograms started(1h);
        started.started(program(5));
        started.finished(5, 0, QDateTime::currentDateTimeUtc().addSecs(-10));
        QVERIFY(started.find(5));
        started.setRetention(1s);
        QVERIFY(!started.find(5));
    }
};

QTEST_GUILESS_MAIN(TestStartedPrograms)
#include "tst_started_programs.moc"
