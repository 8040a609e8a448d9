// PAM authentication: who gets a session, and that every failure looks the same.
#include "PlatformFixture.h"
#include "platform/Authenticator.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <unistd.h>

using namespace gk::platform;
using gk::test::TestUser;

class TestPlatformAuth : public QObject
{
    Q_OBJECT
private:
    TestUser m_user;
    std::unique_ptr<Authenticator> m_auth;
    QString m_noPam; // why the PAM tests cannot run (not root), or empty
    static constexpr int kDelayMs = 300;

private slots:
    void initTestCase()
    {
        AuthenticatorOptions options;
        options.failureDelayMs = kDelayMs;
        m_auth = createAuthenticator(options);
        QString why;
        if (!TestUser::ensure(&m_user, &why) || !gk::test::ensurePamService(&why))
            m_noPam = why.isEmpty() ? QStringLiteral("cannot set up the test user") : why;
    }

    // Every test but the daemon session's checks a user's password with PAM:
    // root only (it creates the test user).
    void init()
    {
        if (!m_noPam.isEmpty() &&
            qstrcmp(QTest::currentTestFunction(), "daemonSessionActsAsTheDaemonUser") != 0)
            QSKIP(qPrintable(m_noPam));
    }

    void rightPasswordOpensSessionForThatUser()
    {
        const auto r = m_auth->authenticate(m_user.name, m_user.password);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QVERIFY(r.value);
        const UserAccount &u = r.value->user();
        QCOMPARE(u.name, m_user.name);
        QCOMPARE(u.uid, m_user.uid);
        QCOMPARE(u.gid, m_user.gid);
        QVERIFY(u.groups.contains(m_user.gid));
        QVERIFY(!u.home.isEmpty());
        QVERIFY(!r.value->isDaemonUser());
    }

    void wrongPasswordAndUnknownUserFailTheSameWay()
    {
        const auto wrong = m_auth->authenticate(m_user.name, QStringLiteral("not-the-password"));
        const auto unknown =
            m_auth->authenticate(QStringLiteral("gk-no-such-user"), QStringLiteral("whatever"));
        QVERIFY(!wrong.ok());
        QVERIFY(!unknown.ok());
        QVERIFY(!wrong.value && !unknown.value);
        QCOMPARE(wrong.error.kind, PlatformError::Kind::AuthenticationFailed);
        QCOMPARE(unknown.error.kind, wrong.error.kind);
        QCOMPARE(unknown.error.nativeCode, wrong.error.nativeCode);
        QCOMPARE(unknown.error.message, wrong.error.message);
    }

    void failureTakesTheFixedDelayAndNoMore()
    {
        for (const QString &name : {m_user.name, QStringLiteral("gk-no-such-user")}) {
            QElapsedTimer t;
            t.start();
            const auto r = m_auth->authenticate(name, QStringLiteral("bad"));
            const qint64 ms = t.elapsed();
            QVERIFY(!r.ok());
            QVERIFY2(ms >= kDelayMs, qPrintable(QString::number(ms)));
            // PAM's own 2 s delay is replaced by ours.
            QVERIFY2(ms < kDelayMs + 1500, qPrintable(QString::number(ms)));
        }
    }

    void emptyUserOrPasswordWithNulIsRefused()
    {
        QCOMPARE(m_auth->authenticate(QString(), QStringLiteral("x")).error.kind,
                 PlatformError::Kind::AuthenticationFailed);
        QCOMPARE(m_auth->authenticate(m_user.name, m_user.password + QChar(0)).error.kind,
                 PlatformError::Kind::AuthenticationFailed);
    }

    void authenticateAsyncAnswersOnTheCallersThread()
    {
        QObject context;
        bool called = false;
        QThread *answeredOn = nullptr;
        m_auth->authenticateAsync(&context, m_user.name, m_user.password,
                                  [&](Result<std::shared_ptr<GuestSession>> r) {
                                      called = true;
                                      answeredOn = QThread::currentThread();
                                      QVERIFY(r.ok());
                                  });
        QTRY_VERIFY_WITH_TIMEOUT(called, 10000);
        QCOMPARE(answeredOn, QThread::currentThread());
    }

    void verifiedCredentialIsRememberedBriefly()
    {
        AuthenticatorOptions options;
        options.failureDelayMs = 50;
        options.credentialCacheMs = 400;
        auto auth = createAuthenticator(options);
        const auto first = auth->authenticate(m_user.name, m_user.password);
        QVERIFY(first.ok());
        const auto again = auth->authenticate(m_user.name, m_user.password);
        QVERIFY(again.ok());
        QCOMPARE(again.value.get(), first.value.get());
        // A wrong password never matches the remembered one.
        QCOMPARE(auth->authenticate(m_user.name, m_user.password + QLatin1Char('x')).error.kind,
                 PlatformError::Kind::AuthenticationFailed);
        QTest::qWait(500);
        const auto expired = auth->authenticate(m_user.name, m_user.password);
        QVERIFY(expired.ok());
        QVERIFY(expired.value.get() != first.value.get());

        options.credentialCacheMs = 0;
        auto uncached = createAuthenticator(options);
        QVERIFY(uncached->authenticate(m_user.name, m_user.password).value.get() !=
                uncached->authenticate(m_user.name, m_user.password).value.get());
    }

    // Needs no root: it runs as whoever runs the test.
    void daemonSessionActsAsTheDaemonUser()
    {
        const auto s = m_auth->daemonSession();
        QVERIFY(s->isDaemonUser());
        QCOMPARE(s->user().uid, qint64(::geteuid()));
        QCOMPARE(s->user().gid, qint64(::getegid()));
        QVERIFY(!s->user().name.isEmpty());
        // What it creates belongs to the daemon's user.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        TempRequest request;
        request.directory = FilePath::fromString(dir.path());
        const Result<FilePath> made = s->files().createTemporary(request);
        QVERIFY2(made.ok(), qPrintable(made.error.message));
        const Result<FileInfo> info = s->files().stat(made.value);
        QVERIFY(info.ok());
        QCOMPARE(info.value.owner.id, qint64(::geteuid()));
        QCOMPARE(s->run([] { return qint64(::geteuid()); }), qint64(::geteuid()));
    }
};

QTEST_GUILESS_MAIN(TestPlatformAuth)
#include "tst_platform_auth.moc"
