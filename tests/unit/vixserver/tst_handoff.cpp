// WorkerPool (threads that linger for the next task) and InlineReply (the
// event loop taking a worker's answer directly).
#include "vix/server/InlineReply.h"
#include "vix/server/WorkerPool.h"

#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>
#include <thread>

using namespace gk::vix;
using namespace gk::vix::server;
using namespace std::chrono_literals;

class TestHandoff : public QObject
{
    Q_OBJECT
private slots:
    void poolRunsEveryTaskAndWaitsForThem()
    {
        WorkerPool pool(4, 250us);
        std::atomic<int> ran{0};
        for (int i = 0; i < 2000; ++i)
            pool.start([&ran] { ++ran; });
        pool.waitForDone();
        QCOMPARE(ran.load(), 2000);
    }

    void poolRunsAtMostItsThreadsAtOnce()
    {
        WorkerPool pool(3, 250us);
        std::atomic<int> running{0}, most{0};
        for (int i = 0; i < 12; ++i) {
            pool.start([&] {
                const int now = ++running;
                int seen = most.load();
                while (now > seen && !most.compare_exchange_weak(seen, now)) {
                }
                std::this_thread::sleep_for(20ms);
                --running;
            });
        }
        pool.waitForDone();
        QCOMPARE(most.load(), 3);
    }

    void poolWithoutLingeringStillRunsEverything()
    {
        // Linger 0: each thread sleeps as soon as the queue is empty, so
        // every task after a pause must wake one.
        WorkerPool pool(2, 0us);
        std::atomic<int> ran{0};
        for (int i = 0; i < 50; ++i) {
            pool.start([&ran] { ++ran; });
            if (i % 10 == 0)
                std::this_thread::sleep_for(2ms);
        }
        pool.waitForDone();
        QCOMPARE(ran.load(), 50);
    }

    void aLingeringThreadTakesTheNextTaskWithoutSleeping()
    {
        if (QThread::idealThreadCount() < 2)
            QSKIP("nothing lingers on one CPU");
        // One task after another, each started as the previous ends: with a
        // long linger one thread serves them all and never sleeps between
        // them; without, it sleeps after every task.
        for (const auto linger : {std::chrono::milliseconds(2000), 0ms}) {
            WorkerPool pool(4, linger);
            std::mutex mutex;
            QSet<Qt::HANDLE> threads;
            for (int i = 0; i < 50; ++i) {
                pool.start([&] {
                    std::lock_guard lock(mutex);
                    threads.insert(QThread::currentThreadId());
                    WorkerPool::lingerAfterThisTask();
                });
                pool.waitForDone();
                if (linger.count() == 0)
                    std::this_thread::sleep_for(1ms); // let it fall asleep
            }
            QCOMPARE(threads.size(), 1);
            if (linger.count() > 0)
                QCOMPARE(pool.sleeps(), 0);
            else
                QVERIFY(pool.sleeps() >= 45);
        }
    }

    void onlyATaskThatAsksIsFollowedByLingering()
    {
        if (QThread::idealThreadCount() < 2)
            QSKIP("nothing lingers on one CPU");
        WorkerPool pool(1, std::chrono::milliseconds(2000));
        for (int i = 0; i < 10; ++i) {
            pool.start([] {});
            pool.waitForDone();
            std::this_thread::sleep_for(2ms);
        }
        QVERIFY(pool.sleeps() >= 9); // slept after each: nothing asked to linger
    }

    void destroyingThePoolRunsWhatIsQueued()
    {
        std::atomic<int> ran{0};
        {
            WorkerPool pool(1, 250us);
            for (int i = 0; i < 20; ++i)
                pool.start([&ran] {
                    std::this_thread::sleep_for(1ms);
                    ++ran;
                });
        }
        QCOMPARE(ran.load(), 20);
    }

    void aReplyDeliveredWithinTheWindowIsTaken()
    {
        InlineReply slot;
        std::thread worker([&slot] {
            std::this_thread::sleep_for(2ms);
            OpReply reply = OpReply::ok("42");
            QVERIFY(slot.deliver(reply));
            QVERIFY(reply.result.isEmpty()); // moved to the event loop
        });
        const std::optional<InlineReply::Handed> got = slot.await(5s);
        worker.join();
        QVERIFY(got && got->reply);
        QVERIFY(!got->work);
        QCOMPARE(got->reply->result, QByteArray("42"));
    }

    void aLateReplyIsRefusedAndGoesTheQueuedWay()
    {
        InlineReply slot;
        QVERIFY(!slot.await(1ms));
        OpReply reply = OpReply::ok("late");
        QVERIFY(!slot.deliver(reply));
        QCOMPARE(reply.result, QByteArray("late")); // still the worker's to send
    }

    void aDetachedSlotEndsTheWaitAtOnce()
    {
        InlineReply slot;
        slot.detach();
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!slot.await(10s));
        QVERIFY(timer.elapsed() < 1000);
        OpReply reply = OpReply::ok();
        QVERIFY(!slot.deliver(reply));
    }

    void workForTheWaitingEventLoopIsHandedToIt()
    {
        // A worker inside its scope hands work meant for this thread to the
        // wait here; the work runs where await() returned it, not queued.
        QObject context; // lives on this (the event-loop) thread
        InlineReply slot;
        std::atomic<bool> ranOnWorker{false};
        std::thread worker([&] {
            const InlineReply::WorkerScope scope(&slot, context.thread());
            InlineReply::toEventLoop(
                &context, [&] { ranOnWorker = QThread::currentThread() != context.thread(); });
            // The answer now comes from that work, not from here.
            OpReply reply = OpReply::ok("not this one");
            QVERIFY(!slot.deliver(reply));
            QCOMPARE(reply.result, QByteArray("not this one"));
        });
        std::optional<InlineReply::Handed> got = slot.await(5s);
        worker.join();
        QVERIFY(got && got->work);
        QVERIFY(!got->reply);
        got->work();
        QVERIFY(!ranOnWorker);
    }

    void workGoesTheQueuedWayWhenNobodyWaits()
    {
        QObject context;
        std::atomic<int> ran{0};
        // No scope on the calling thread: queued, runs on the next pass.
        InlineReply::toEventLoop(&context, [&] { ++ran; });
        QCOMPARE(ran.load(), 0);
        QTRY_COMPARE(ran.load(), 1);
        // A scope whose event loop stopped waiting: queued as well.
        InlineReply slot;
        QVERIFY(!slot.await(1ms));
        std::thread worker([&] {
            const InlineReply::WorkerScope scope(&slot, context.thread());
            InlineReply::toEventLoop(&context, [&] {
                QCOMPARE(QThread::currentThread(), context.thread());
                ++ran;
            });
        });
        worker.join();
        QTRY_COMPARE(ran.load(), 2);
        // A scope for another thread's event loop: queued to the context's own.
        InlineReply other;
        std::thread worker2([&] {
            QThread elsewhere;
            const InlineReply::WorkerScope scope(&other, &elsewhere);
            InlineReply::toEventLoop(&context, [&] { ++ran; });
        });
        worker2.join();
        QTRY_COMPARE(ran.load(), 3);
        QVERIFY(!other.await(1ms));
    }
};

QTEST_GUILESS_MAIN(TestHandoff)
#include "tst_handoff.moc"
