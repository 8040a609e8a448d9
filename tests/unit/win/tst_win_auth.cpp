// The LogonUserW path of the Windows authenticator: the Windows counterpart
// of tst_platform_auth (PAM). Wine has one user and no real logon
// (LogonUserW accepts any password), so the tests that need the OS to
// refuse a password skip there and say why.
#include "WinAuthenticator.h"
#include "WinTestSupport.h"

#include <QElapsedTimer>
#include <QtTest>

#include <windows.h>

using namespace gk::platform;

class TestWinAuth : public QObject
{
    Q_OBJECT
private slots:
    void logonNamesSplitIntoUserAndDomain()
    {
        QString user, domain;
        winos::splitLogonName(QStringLiteral("CORP\\alice"), &user, &domain);
        QCOMPARE(user, QStringLiteral("alice"));
        QCOMPARE(domain, QStringLiteral("CORP"));
        winos::splitLogonName(QStringLiteral("alice@corp.example"), &user, &domain);
        QCOMPARE(user, QStringLiteral("alice@corp.example"));
        QVERIFY(domain.isEmpty());
        winos::splitLogonName(QStringLiteral("bob"), &user, &domain);
        QCOMPARE(user, QStringLiteral("bob"));
        QCOMPARE(domain, QStringLiteral("."));
    }

    void emptyUserOrNulFailsLikeABadPasswordAfterTheDelay()
    {
        AuthenticatorOptions options;
        options.failureDelayMs = 300;
        auto auth = createAuthenticator(options);
        QElapsedTimer clock;
        clock.start();
        const auto r = auth->authenticate(QString(), QStringLiteral("x"));
        QCOMPARE(r.error.kind, PlatformError::Kind::AuthenticationFailed);
        QCOMPARE(r.error.nativeCode, int(ERROR_LOGON_FAILURE));
        QVERIFY(clock.elapsed() >= 290);
        const auto nul = auth->authenticate(QStringLiteral("a") + QChar() + QStringLiteral("b"),
                                            QStringLiteral("x"));
        QCOMPARE(nul.error.message, r.error.message);
    }

    void wrongPasswordFailsWithTheOneAuthenticationError()
    {
        GK_SKIP_UNDER_WINE("LogonUserW accepts any user and password (Wine has no logon)");
        AuthenticatorOptions options;
        options.failureDelayMs = 200;
        auto auth = createAuthenticator(options);
        const auto r =
            auth->authenticate(QStringLiteral("guestkit-no-such-user"), QStringLiteral("wrong"));
        QCOMPARE(r.error.kind, PlatformError::Kind::AuthenticationFailed);
        QCOMPARE(r.error.nativeCode, int(ERROR_LOGON_FAILURE));
    }

    void acceptedLogonGivesASessionWithTheUsersSidAndToken()
    {
        GK_SKIP_UNDER_WINE("LogonUserW succeeds with a placeholder handle that is no token");
        if (!qEnvironmentVariableIsSet("GUESTKIT_TEST_USER"))
            QSKIP("needs GUESTKIT_TEST_USER and GUESTKIT_TEST_PASSWORD (a local account)");
        AuthenticatorOptions options;
        options.failureDelayMs = 0;
        auto auth = createAuthenticator(options);
        const QString user = qEnvironmentVariable("GUESTKIT_TEST_USER");
        const QString password = qEnvironmentVariable("GUESTKIT_TEST_PASSWORD");
        const auto r = auth->authenticate(user, password);
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QVERIFY(!r.value->isDaemonUser());
        QVERIFY(r.value->user().sid.startsWith(QStringLiteral("S-1-")));
        QVERIFY(r.value->user().credential != nullptr);
        QVERIFY(r.value->user().isValid());
        // A remembered credential gives back the same session.
        QCOMPARE(auth->authenticate(user, password).value, r.value);
    }

    void wineLogonGivesNoUsableTokenAndIsRefused()
    {
        // What Wine does instead: the placeholder handle cannot be read as
        // a token, and the authenticator refuses rather than run as the
        // service (docs/windows.md).
        if (!gk::test::runningUnderWine())
            QSKIP("Wine's LogonUserW only");
        AuthenticatorOptions options;
        options.failureDelayMs = 0;
        auto auth = createAuthenticator(options);
        const auto r = auth->authenticate(QStringLiteral("anyone"), QStringLiteral("anything"));
        QCOMPARE(r.error.kind, PlatformError::Kind::AuthenticationFailed);
    }

    void daemonSessionActsAsTheService()
    {
        auto auth = createAuthenticator();
        auto session = auth->daemonSession();
        QVERIFY(session->isDaemonUser());
        QVERIFY(session->user().credential == nullptr);
        QCOMPARE(session->user().sid, gk::test::threadTokenSid(false));
    }
};

QTEST_GUILESS_MAIN(TestWinAuth)
#include "tst_win_auth.moc"
