// The impersonation guard, the Windows counterpart of the Linux per-thread
// fs identity (tst_platform_identity): the token is taken on the worker
// thread only, nests, and is given back exactly.
#include "Impersonation.h"
#include "WinTestSupport.h"

#include "platform/Authenticator.h"

#include <QCoreApplication>
#include <QThreadPool>

#include <QtTest>
#include <thread>

#include <windows.h>

using namespace gk::platform;
using gk::platform::winos::ImpersonationGuard;

class TestWinIdentity : public QObject
{
    Q_OBJECT
private slots:
    void guardImpersonatesOnlyItsThreadAndReverts()
    {
        void *token = gk::test::duplicateOwnToken(false);
        QVERIFY(token);
        QVERIFY(gk::test::threadTokenSid(true).isEmpty());
        {
            ImpersonationGuard guard(token);
            QCOMPARE(ImpersonationGuard::current(), token);
            // The thread now carries an impersonation token of its own.
            QCOMPARE(gk::test::threadTokenSid(true), gk::test::threadTokenSid(false));
            QVERIFY(!gk::test::threadTokenSid(true).isEmpty());
            QString otherThread = QStringLiteral("unset");
            std::thread([&] { otherThread = gk::test::threadTokenSid(true); }).join();
            QVERIFY(otherThread.isEmpty());
        }
        QVERIFY(ImpersonationGuard::current() == nullptr);
        QVERIFY(gk::test::threadTokenSid(true).isEmpty());
        gk::test::closeToken(token);
    }

    void guardsNestAndRestoreTheOuterToken()
    {
        void *outer = gk::test::duplicateOwnToken(false);
        void *inner = gk::test::duplicateOwnToken(false);
        {
            ImpersonationGuard a(outer);
            {
                ImpersonationGuard same(outer); // no switch
                ImpersonationGuard b(inner);
                QCOMPARE(ImpersonationGuard::current(), inner);
                {
                    ImpersonationGuard self(nullptr); // the service's own identity
                    QVERIFY(gk::test::threadTokenSid(true).isEmpty());
                }
                QCOMPARE(ImpersonationGuard::current(), inner);
                QVERIFY(!gk::test::threadTokenSid(true).isEmpty());
            }
            QCOMPARE(ImpersonationGuard::current(), outer);
        }
        QVERIFY(gk::test::threadTokenSid(true).isEmpty());
        gk::test::closeToken(outer);
        gk::test::closeToken(inner);
    }
};

QTEST_GUILESS_MAIN(TestWinIdentity)
#include "tst_win_identity.moc"
