// The kernel checks every session operation as the session's user, per
// thread, and the event-loop thread never changes identity.
#include "PlatformFixture.h"
#include "linux/FsIdentity.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <sys/stat.h>
#include <thread>

using namespace gk::platform;
using K = PlatformError::Kind;

class TestPlatformIdentity : public QObject
{
    Q_OBJECT
private:
    gk::test::TwoUsers m_users;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QByteArray m_root;

    QByteArray userDir(const gk::test::TestUser &u)
    {
        const QByteArray dir = m_root + "/" + u.name.toUtf8();
        ::mkdir(dir.constData(), 0700);
        gk::test::chownPath(dir, u.uid, u.gid);
        return dir;
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!m_users.setUp(&why))
            QSKIP(qPrintable(why));
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_root = QFile::encodeName(m_tmp->path());
        QVERIFY(gk::test::chmodPath(m_root, 0755));
    }

    void fileCreatedThroughSessionIsOwnedByTheUser()
    {
        const QByteArray dir = userDir(m_users.first);
        auto &files = m_users.firstSession->files();
        QVERIFY(!files.makeDirectory(FilePath::fromBytes(dir + "/made")));
        auto w = files.openWrite(FilePath::fromBytes(dir + "/made/file"));
        QVERIFY2(w.ok(), qPrintable(w.error.message));
        QVERIFY(!w.value->write("hello"));
        QVERIFY(!w.value->commit());
        struct stat st = {};
        QCOMPARE(::stat((dir + "/made/file").constData(), &st), 0);
        QCOMPARE(qint64(st.st_uid), m_users.first.uid);
        QCOMPARE(qint64(st.st_gid), m_users.first.gid);
        QCOMPARE(::stat((dir + "/made").constData(), &st), 0);
        QCOMPARE(qint64(st.st_uid), m_users.first.uid);
        const auto info = files.stat(FilePath::fromBytes(dir + "/made/file"));
        QVERIFY(info.ok());
        QCOMPARE(info.value.owner.name, m_users.first.name);
    }

    void rootOnlyDirectoryIsDeniedToTheUser()
    {
        const QByteArray secret = m_root + "/root-only";
        QCOMPARE(::mkdir(secret.constData(), 0700), 0);
        QVERIFY(gk::test::writeFile(secret + "/inside", "x", 0644));
        auto &files = m_users.firstSession->files();
        const auto s = files.stat(FilePath::fromBytes(secret + "/inside"));
        QCOMPARE(s.error.kind, K::PermissionDenied);
        QCOMPARE(s.error.nativeCode, EACCES);
        QVERIFY(s.error.message.contains(QLatin1String("root-only")));
        QCOMPARE(files.list(FilePath::fromBytes(secret)).error.kind, K::PermissionDenied);
        QCOMPARE(files.openRead(FilePath::fromBytes(secret + "/inside")).error.kind,
                 K::PermissionDenied);
        QCOMPARE(files.openWrite(FilePath::fromBytes(secret + "/new")).error.kind,
                 K::PermissionDenied);
        QCOMPARE(files.removeFile(FilePath::fromBytes(secret + "/inside")).kind,
                 K::PermissionDenied);
        // The daemon's own session (auth = none) is root and may.
        QVERIFY(m_users.authenticator->daemonSession()
                    ->files()
                    .stat(FilePath::fromBytes(secret + "/inside"))
                    .ok());
    }

    void fileCapabilitiesAreDroppedForTheUser()
    {
        // Root-owned 0644 file in a world-writable sticky directory: root
        // could chmod it (CAP_FOWNER), the user must not.
        const QByteArray sticky = m_root + "/sticky";
        QCOMPARE(::mkdir(sticky.constData(), 0777), 0);
        QVERIFY(gk::test::chmodPath(sticky, 01777));
        QVERIFY(gk::test::writeFile(sticky + "/rootfile", "r", 0644));
        auto &files = m_users.firstSession->files();
        AttributeChange change;
        change.mode = 0666;
        QCOMPARE(files.changeAttributes(FilePath::fromBytes(sticky + "/rootfile"), change).kind,
                 K::PermissionDenied);
        QCOMPARE(files.removeFile(FilePath::fromBytes(sticky + "/rootfile")).kind,
                 K::PermissionDenied);
        AttributeChange chown;
        chown.owner = FileOwner::fromId(0);
        QCOMPARE(files.changeAttributes(FilePath::fromBytes(sticky + "/rootfile"), chown).kind,
                 K::PermissionDenied);
    }

    void runExecutesAsTheUserOffTheEventLoop()
    {
        QCOMPARE(QThread::currentThread(), QCoreApplication::instance()->thread());
        const qint64 mainTid = gk::test::currentThreadId();
        const auto seen = m_users.firstSession->run([] {
            return std::make_pair(qint64(gk::platform::linuxos::currentFsUid()),
                                  gk::test::currentThreadId());
        });
        QCOMPARE(seen.first, m_users.first.uid);
        QVERIFY(seen.second != mainTid);
        QCOMPARE(gk::test::fsUidOfThread(mainTid), 0);
    }

    void workerThreadTakesIdentityOnlyForTheCall()
    {
        qint64 inside = -1, after = -1, groupInside = -1;
        std::thread worker([&] {
            m_users.secondSession->invoke([&] {
                inside = gk::platform::linuxos::currentFsUid();
                groupInside = gk::platform::linuxos::currentFsGid();
                // Nested calls keep the identity (no second switch).
                m_users.secondSession->invoke(
                    [&] { QCOMPARE(qint64(gk::platform::linuxos::currentFsUid()), inside); });
            });
            after = gk::platform::linuxos::currentFsUid();
        });
        worker.join();
        QCOMPARE(inside, m_users.second.uid);
        QCOMPARE(groupInside, m_users.second.gid);
        QCOMPARE(after, 0);
    }

    void daemonSessionInsideAUsersRunActsAsTheDaemon()
    {
        auto daemon = m_users.authenticator->daemonSession();
        qint64 outer = -1, inner = -1, back = -1;
        std::thread worker([&] {
            m_users.firstSession->invoke([&] {
                outer = gk::platform::linuxos::currentFsUid();
                daemon->invoke([&] { inner = gk::platform::linuxos::currentFsUid(); });
                back = gk::platform::linuxos::currentFsUid();
            });
        });
        worker.join();
        QCOMPARE(outer, m_users.first.uid);
        QCOMPARE(inner, 0);
        QCOMPARE(back, m_users.first.uid);
    }

    void authenticateInsideAUsersRunIsRefused()
    {
        QString why;
        std::thread worker([&] {
            m_users.firstSession->invoke([&] {
                why = m_users.authenticator
                          ->authenticate(m_users.second.name, m_users.second.password)
                          .error.message;
            });
        });
        worker.join();
        QVERIFY(!why.isEmpty());
    }

    void twoUsersAtOnceEachSeeOnlyTheirOwnRights()
    {
        const QByteArray dirA = userDir(m_users.first);
        const QByteArray dirB = userDir(m_users.second);
        const qint64 mainTid = gk::test::currentThreadId();
        std::atomic<int> failures{0};
        std::atomic<bool> mainStayedRoot{true};
        std::atomic<int> running{2};
        auto work = [&](std::shared_ptr<GuestSession> session, QByteArray own, QByteArray other,
                        qint64 uid) {
            for (int i = 0; i < 300; ++i) {
                const QByteArray name = own + "/f" + QByteArray::number(i);
                auto w = session->files().openWrite(FilePath::fromBytes(name));
                if (!w.ok() || w.value->write("x") || w.value->commit())
                    ++failures;
                const auto mine = session->files().stat(FilePath::fromBytes(name));
                if (!mine.ok() || mine.value.owner.id != uid)
                    ++failures;
                // The other user's 0700 directory: denied whether f0 exists or not.
                if (session->files().stat(FilePath::fromBytes(other + "/f0")).error.kind !=
                    K::PermissionDenied)
                    ++failures;
                if (session->files().removeFile(FilePath::fromBytes(name)))
                    ++failures;
            }
            --running;
        };
        std::thread a(work, m_users.firstSession, dirA, dirB, m_users.first.uid);
        std::thread b(work, m_users.secondSession, dirB, dirA, m_users.second.uid);
        while (running > 0) {
            if (gk::test::fsUidOfThread(mainTid) != 0)
                mainStayedRoot = false;
            QThread::usleep(200);
        }
        a.join();
        b.join();
        QCOMPARE(failures.load(), 0);
        QVERIFY(mainStayedRoot);
        QCOMPARE(gk::test::fsUidOfThread(mainTid), 0);
    }

    void runAsyncDeliversOnTheCallersThreadAfterRunningAsUser()
    {
        QObject context;
        qint64 uidSeen = -1;
        QThread *deliveredOn = nullptr;
        m_users.secondSession->runAsync(
            &context, [] { return qint64(gk::platform::linuxos::currentFsUid()); },
            [&](qint64 uid) {
                uidSeen = uid;
                deliveredOn = QThread::currentThread();
            });
        QTRY_COMPARE(uidSeen, m_users.second.uid);
        QCOMPARE(deliveredOn, QThread::currentThread());
        QCOMPARE(gk::test::fsUidOfThread(gk::test::currentThreadId()), 0);
    }

    void runAsyncDropsTheReplyWhenContextIsGone()
    {
        bool called = false;
        std::atomic<bool> ran{false};
        {
            QObject context;
            m_users.firstSession->runAsync(
                &context,
                [&ran] {
                    QThread::msleep(50);
                    ran = true;
                    return 1;
                },
                [&](int) { called = true; });
        }
        QTRY_VERIFY(ran.load());
        QTest::qWait(100);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestPlatformIdentity)
#include "tst_platform_identity.moc"
