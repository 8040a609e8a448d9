// HGFS transfers act as the credentials' user (root only: creates the test
// user and authenticates it with PAM).
#include "HgfsTestClient.h"
#include "TestUser.h"
#include "hgfs/server/GuestFileHandler.h"
#include "hgfs/server/HgfsServer.h"
#include "platform/Authenticator.h"
#include "vmx/HgfsClient.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gk;
using namespace gk::hgfs;
using namespace gk::hgfs::server;

class TestHgfsIdentity : public QObject
{
    Q_OBJECT

private:
    test::TestUser m_user;
    std::unique_ptr<platform::Authenticator> m_auth;
    std::shared_ptr<platform::GuestSession> m_session;
    std::unique_ptr<HgfsServer> m_server;
    QTemporaryDir m_dir;

    vmx::HgfsClient client()
    {
        return test::inProcessHgfsClient(*m_server, {m_session, m_user.name});
    }
    vmx::HgfsOutcome upload(const QByteArray &data, const QString &remote)
    {
        vmx::HgfsClient c = client();
        return test::uploadBytes(c, data, remote);
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!test::TestUser::isRoot())
            QSKIP("needs root: creates the test user and checks its password with PAM");
        QVERIFY2(test::TestUser::ensure(&m_user, &why), qPrintable(why));
        QVERIFY2(test::ensurePamService(&why), qPrintable(why));
        platform::AuthenticatorOptions options;
        options.failureDelayMs = 0;
        m_auth = platform::createAuthenticator(options);
        auto session = m_auth->authenticate(m_user.name, m_user.password);
        QVERIFY2(session.ok(), qPrintable(session.error.message));
        m_session = session.value;
        HgfsHandlerRegistry handlers;
        handlers.setDefault(std::make_shared<GuestFileHandler>());
        m_server = std::make_unique<HgfsServer>(std::move(handlers));
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::setPermissions(m_dir.path(), QFileDevice::Permissions(0x7777)));
    }

    void uploadIsOwnedByTheSessionUser()
    {
        const QString remote = m_dir.filePath(QStringLiteral("owned"));
        const vmx::HgfsOutcome r = upload("mine", remote);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(remote).constData(), &st), 0);
        QCOMPARE(qint64(st.st_uid), m_user.uid);
        QCOMPARE(qint64(st.st_gid), m_user.gid);
    }

    void rootOnlyTargetIsRefused()
    {
        const QString locked = m_dir.filePath(QStringLiteral("root-only"));
        QVERIFY(QDir().mkdir(locked));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner));
        const QString target = locked + QStringLiteral("/f");
        QCOMPARE(upload("nope", target).status, HgfsStatus::AccessDenied);
        QVERIFY(!QFile::exists(target));
        // Reading a root-only file is refused too.
        const QString secret = m_dir.filePath(QStringLiteral("secret"));
        {
            QFile f(secret);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("root data");
        }
        QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QBuffer sink;
        sink.open(QIODevice::WriteOnly);
        vmx::HgfsClient c = client();
        QCOMPARE(c.download(secret, sink).status, HgfsStatus::AccessDenied);
        QVERIFY(sink.data().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHgfsIdentity)
#include "tst_hgfs_identity.moc"
