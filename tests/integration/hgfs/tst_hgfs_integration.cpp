// File transfers through the real guestkitd: HGFS packets inside VIX
// HgfsSendPacket requests with the test user's credentials (root only:
// creates the user and checks its password with PAM).
#include "BuildPaths.h"
#include "HgfsTestClient.h"
#include "TestUser.h"
#include "hgfs/codec/HgfsFileOps.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixTransferRequests.h"
#include "vmx/DaemonLauncher.h"
#include "vmx/HgfsClient.h"
#include "vmx/VixClient.h"
#include "vmx/VmxSimulator.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace gk;
using namespace gk::hgfs;

namespace {

QByteArray randomBytes(qint64 n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    for (qsizetype i = 0; i < b.size(); ++i)
        b.data()[i] = char(gen.generate() >> 24);
    return b;
}

QByteArray sha(const QByteArray &b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256);
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

} // namespace

class TestHgfsIntegration : public QObject
{
    Q_OBJECT

private:
    test::TestUser m_user;
    QTemporaryDir m_dir;
    QTemporaryDir m_files;
    std::unique_ptr<vmx::VmxSimulator> m_sim;
    std::unique_ptr<vmx::DaemonLauncher> m_daemon;

    bool startDaemon(QString *why)
    {
        m_daemon = std::make_unique<vmx::DaemonLauncher>();
        if (!m_daemon->start(gk::test::guestkitdPath(), m_sim->endpoint(),
                             "[logging]\nsyslog = false\n[auth]\nfailure_delay_ms = 200\n",
                             QStringLiteral("warning"), why))
            return false;
        if (!m_sim->waitForGuest(15000)) {
            *why = QStringLiteral("the daemon did not connect");
            return false;
        }
        return true;
    }
    vmx::VixCredentials good() const { return {m_user.name, m_user.password, {}}; }
    QString path(const QString &name) const { return m_files.filePath(name); }

    vmx::HgfsOutcome upload(const QByteArray &data, const QString &remote, bool overwrite = true)
    {
        vmx::VixClient vix(*m_sim, good());
        vmx::HgfsClient c(vmx::hgfsOverVix(vix));
        return test::uploadBytes(c, data, remote, overwrite);
    }
    vmx::HgfsOutcome download(const QString &remote, QByteArray *out)
    {
        vmx::VixClient vix(*m_sim, good());
        vmx::HgfsClient c(vmx::hgfsOverVix(vix));
        return test::downloadBytes(c, remote, out);
    }
    bool pingOk() { return m_sim->call("ping", 5000).reply == "OK "; }

private slots:
    void initTestCase()
    {
        QString why;
        if (!test::TestUser::isRoot())
            QSKIP("needs root: creates the test user and checks passwords with PAM");
        QVERIFY2(test::TestUser::ensure(&m_user, &why), qPrintable(why));
        QVERIFY2(test::ensurePamService(&why), qPrintable(why));
        QVERIFY(m_files.isValid());
        QVERIFY(QFile::setPermissions(m_files.path(), QFileDevice::Permissions(0x7777)));
        m_sim = std::make_unique<vmx::VmxSimulator>();
        const auto endpoint = channel::ChannelEndpoint::parse(
            QStringLiteral("sim:unix:%1").arg(m_dir.filePath(QStringLiteral("vmx.sock"))), &why);
        QVERIFY2(endpoint && m_sim->listen(*endpoint, &why), qPrintable(why));
        QVERIFY2(startDaemon(&why), qPrintable(why));
    }

    void roundTripsSizesAroundThePacketSize_data()
    {
        QTest::addColumn<qint64>("size");
        const qint64 chunk =
            kLegacyLargePacketMax - HgfsHeader::kSessionSize - HgfsWriteRequest::kFixedSize;
        QTest::newRow("0 B") << qint64(0);
        QTest::newRow("1 B") << qint64(1);
        QTest::newRow("chunk - 1") << chunk - 1;
        QTest::newRow("chunk") << chunk;
        QTest::newRow("chunk + 1") << chunk + 1;
        QTest::newRow("packet - 1") << qint64(kLegacyLargePacketMax) - 1;
        QTest::newRow("packet") << qint64(kLegacyLargePacketMax);
        QTest::newRow("packet + 1") << qint64(kLegacyLargePacketMax) + 1;
        QTest::newRow("100 MiB") << qint64(100) * 1024 * 1024;
    }
    void roundTripsSizesAroundThePacketSize()
    {
        QFETCH(qint64, size);
        const QByteArray data = randomBytes(size, quint32(size));
        const QString remote = path(QStringLiteral("rt-%1").arg(size));
        const vmx::HgfsOutcome up = upload(data, remote);
        QVERIFY2(up.ok(), qPrintable(up.message()));
        QCOMPARE(sha(fileBytes(remote)), sha(data));
        QByteArray back;
        const vmx::HgfsOutcome down = download(remote, &back);
        QVERIFY2(down.ok(), qPrintable(down.message()));
        QCOMPARE(sha(back), sha(data));
        QFile::remove(remote);
    }

    void sparseFileOver4GiBDownloadsWithItsSize()
    {
        const QString remote = path(QStringLiteral("sparse"));
        const qint64 size = 5LL * 1024 * 1024 * 1024;
        const qint64 mark = 4LL * 1024 * 1024 * 1024 + 4097;
        {
            QFile f(remote);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(size));
            QVERIFY(f.seek(mark));
            QCOMPARE(f.write("beyond 4 GiB"), 12);
        }
        QVERIFY(QFile::setPermissions(remote, QFileDevice::ReadOwner | QFileDevice::ReadOther));
        vmx::VixClient vix(*m_sim, good());
        vmx::HgfsClient c(vmx::hgfsOverVix(vix));
        QVERIFY(c.createSession().ok());
        HgfsAttr attr;
        QVERIFY(c.getattr(remote, &attr).ok());
        QCOMPARE(attr.size, quint64(size));
        quint32 h = 0;
        QVERIFY(c.open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &h).ok());
        QByteArray data;
        QVERIFY(c.read(h, quint64(mark) - 1, 14, &data).ok());
        QCOMPARE(data, QByteArray("\0beyond 4 GiB\0", 14));
        QVERIFY(c.close(h).ok());
        QVERIFY(c.destroySession().ok());
        QFile::remove(remote);
    }

    void overwriteRefusedLeavesTheFileIntact()
    {
        const QString remote = path(QStringLiteral("keep"));
        QVERIFY(upload("first", remote).ok());
        QCOMPARE(upload(randomBytes(300000, 1), remote, false).status, HgfsStatus::FileExists);
        QCOMPARE(fileBytes(remote), QByteArray("first"));
    }

    void uploadIsOwnedByTheTestUserAndRootOnlyTargetsAreRefused()
    {
        const QString remote = path(QStringLiteral("owned"));
        QVERIFY(upload("x", remote).ok());
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(remote).constData(), &st), 0);
        QCOMPARE(qint64(st.st_uid), m_user.uid);
        const QString locked = path(QStringLiteral("root-only"));
        QVERIFY(QDir().mkdir(locked));
        QVERIFY(QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                  QFileDevice::ExeOwner));
        QCOMPARE(upload("x", locked + QStringLiteral("/f")).status, HgfsStatus::AccessDenied);
        QVERIFY(!QFile::exists(locked + QStringLiteral("/f")));
    }

    void garbagePacketsGetErrorsAndPingStillAnswers()
    {
        vmx::VixClient vix(*m_sim, good());
        vmx::HgfsClient c(vmx::hgfsOverVix(vix));
        QByteArray reply;
        // Too broken for an HGFS reply: the VIX request fails.
        QCOMPARE(c.raw(QByteArray("\xde\xad\xbe\xef\x01", 5), &reply).status,
                 HgfsStatus::TransportError);
        // A session header whose packetSize points past the end: PROTOCOL_ERROR.
        HgfsHeader h;
        h.op = opValue(HgfsOp::CreateSessionV4);
        QByteArray packet = encodeRequestPacket(h, QByteArray(16, '\0'));
        const quint32 lie = 60000;
        memcpy(packet.data() + 8, &lie, 4);
        QVERIFY(c.raw(packet, &reply).ok());
        const auto d = decodeReplyPacket(reply, HgfsHeaderForm::Session, h.op);
        QVERIFY(d.ok());
        QCOMPARE(d.value.status, HgfsStatus::ProtocolError);
        // A VIX body whose hgfsPacketSize points past the end.
        vix::HgfsSendPacketRequest req;
        req.packet = packet;
        QByteArray body = req.encode();
        const quint32 big = 50000;
        memcpy(body.data(), &big, 4);
        vix.setBinaryReplies(true);
        const vmx::VixCallResult r = vix.call(vix::VixOp::HgfsSendPacket, body);
        QVERIFY(r.delivered);
        QVERIFY(r.reply.error != vix::VixErr::Ok);
        QRandomGenerator gen(5);
        for (int i = 0; i < 200; ++i)
            c.raw(randomBytes(gen.bounded(1, 2000), quint32(i)), &reply);
        QVERIFY(pingOk());
        QVERIFY(upload("still works", path(QStringLiteral("after-garbage"))).ok());
    }

    void guestkitVmxPrintsJsonAndNoProgressWhenNotATerminal()
    {
        const QString local = m_dir.filePath(QStringLiteral("cli-src"));
        const QByteArray data = randomBytes(3 * 1024 * 1024 + 7, 77);
        {
            QFile f(local);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(data);
        }
        const QString sock = m_dir.filePath(QStringLiteral("cli.sock"));
        const QString remote = path(QStringLiteral("cli-remote"));
        const QString back = m_dir.filePath(QStringLiteral("cli-back"));
        auto run = [&](const QStringList &args, QByteArray *out) {
            QProcess p;
            p.start(gk::test::guestkitVmxPath(),
                    QStringList{QStringLiteral("--channel"), QStringLiteral("sim:unix:") + sock,
                                QStringLiteral("--start-daemon"), QStringLiteral("--daemon"),
                                gk::test::guestkitdPath()} +
                        args);
            if (!p.waitForFinished(60000))
                return -1;
            *out = p.readAllStandardOutput();
            return p.exitCode();
        };
        QByteArray out;
        QCOMPARE(run({QStringLiteral("--json"), QStringLiteral("upload"), local, remote}, &out), 0);
        QJsonObject o = QJsonDocument::fromJson(out).object();
        QCOMPARE(qint64(o.value(QStringLiteral("bytes")).toDouble()), qint64(data.size()));
        QCOMPARE(fileBytes(remote), data);
        QCOMPARE(run({QStringLiteral("download"), remote, back}, &out), 0);
        QVERIFY2(!out.contains('\r'), out.constData()); // no progress bar into a pipe
        QVERIFY(out.startsWith("download "));
        QCOMPARE(fileBytes(back), data);
        // Without -f neither side is replaced.
        QCOMPARE(run({QStringLiteral("upload"), local, remote}, &out), 1);
        QCOMPARE(run({QStringLiteral("download"), remote, back}, &out), 1);
    }

    // Last: it stops the daemon.
    void uploadAbortedByDaemonStopLeavesNothing()
    {
        const QString fresh = path(QStringLiteral("abort-new"));
        const QString old = path(QStringLiteral("abort-old"));
        QVERIFY(upload("previous", old).ok());
        {
            vmx::VixClient vix(*m_sim, good());
            vmx::HgfsClient c(vmx::hgfsOverVix(vix));
            QVERIFY(c.createSession().ok());
            quint32 a = 0;
            quint32 b = 0;
            QVERIFY(c.open(fresh, kOpenModeWriteOnly, HgfsOpenFlags::OpenCreateEmpty, &a).ok());
            QVERIFY(c.open(old, kOpenModeWriteOnly, HgfsOpenFlags::OpenCreateEmpty, &b).ok());
            QVERIFY(c.write(a, 0, randomBytes(60000, 2)).ok());
            QVERIFY(c.write(b, 0, randomBytes(60000, 3)).ok());
        }
        m_daemon->stop();
        QVERIFY(!QFile::exists(fresh));
        QCOMPARE(fileBytes(old), QByteArray("previous"));
        const QStringList left = QDir(m_files.path())
                                     .entryList(QDir::Files | QDir::Hidden)
                                     .filter(QStringLiteral("abort"));
        QCOMPARE(left, QStringList{QStringLiteral("abort-old")});
    }
};

QTEST_GUILESS_MAIN(TestHgfsIntegration)
#include "tst_hgfs_integration.moc"
