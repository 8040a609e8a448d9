// The HGFS server driven directly (no VIX): transfers of every size around
// the packet size, large offsets, overwrite and abort semantics, sessions,
// handles, malformed packets. Runs as the daemon's own user.
#include "DirtyPages.h"
#include "HgfsTestClient.h"
#include "hgfs/server/GuestFileHandler.h"
#include "hgfs/server/HgfsServer.h"
#include "platform/Authenticator.h"
#include "platform/SystemPaths.h"
#include "vmx/HgfsClient.h"

#include "hgfs/codec/HgfsFileOps.h"
#include "hgfs/codec/HgfsSessionOps.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace gk;
using namespace gk::hgfs;
using namespace gk::hgfs::server;

namespace {

QByteArray randomBytes(qint64 n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    qsizetype i = 0;
    for (; i + 4 <= b.size(); i += 4) {
        const quint32 v = gen.generate();
        memcpy(b.data() + i, &v, 4);
    }
    for (; i < b.size(); ++i)
        b[int(i)] = char(gen.generate());
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

// A handler for the "fake" scheme: proves the registry routes by path.
class FakeHandler final : public HgfsFileHandler
{
public:
    QByteArray lastPath;
    HgfsResult<platform::FileInfo> stat(const std::shared_ptr<platform::GuestSession> &,
                                        const QByteArray &path) override
    {
        lastPath = path;
        platform::FileInfo fi;
        fi.type = platform::FileType::Regular;
        fi.size = 4242;
        return HgfsResult<platform::FileInfo>::success(fi);
    }
    HgfsResult<std::unique_ptr<HgfsOpenFile>> open(const std::shared_ptr<platform::GuestSession> &,
                                                   const QByteArray &,
                                                   const HgfsOpenArgs &) override
    {
        return HgfsResult<std::unique_ptr<HgfsOpenFile>>::failure(
            HgfsError{HgfsErrorKind::NotSupported, QStringLiteral("fake")});
    }
    HgfsError setAttributes(const std::shared_ptr<platform::GuestSession> &, const QByteArray &,
                            const platform::AttributeChange &) override
    {
        return {};
    }
};

} // namespace

class TestHgfsServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<platform::Authenticator> m_auth;
    std::shared_ptr<platform::GuestSession> m_session;
    std::unique_ptr<HgfsServer> m_server;
    std::shared_ptr<FakeHandler> m_fake;
    // [vix] durable_uploads as the daemon hands it to the default handler.
    std::shared_ptr<std::atomic<bool>> m_durable = std::make_shared<std::atomic<bool>>(true);
    QTemporaryDir m_dir;
    qint64 m_now = 1000;

    HgfsCaller caller(const QString &owner = QStringLiteral("me")) const
    {
        return {m_session, owner};
    }
    vmx::HgfsClient client(const QString &owner = QStringLiteral("me"),
                           quint32 packetSize = kLegacyLargePacketMax)
    {
        return test::inProcessHgfsClient(*m_server, caller(owner), packetSize);
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    vmx::HgfsOutcome upload(const QByteArray &data, const QString &remote, bool overwrite = true,
                            quint32 packetSize = kLegacyLargePacketMax)
    {
        vmx::HgfsClient c = client(QStringLiteral("me"), packetSize);
        return test::uploadBytes(c, data, remote, overwrite);
    }
    vmx::HgfsOutcome download(const QString &remote, QByteArray *out,
                              quint32 packetSize = kLegacyLargePacketMax)
    {
        vmx::HgfsClient c = client(QStringLiteral("me"), packetSize);
        return test::downloadBytes(c, remote, out);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_auth = platform::createAuthenticator();
        m_session = m_auth->daemonSession();
        HgfsHandlerRegistry handlers;
        handlers.setDefault(std::make_shared<GuestFileHandler>(m_durable));
        m_fake = std::make_shared<FakeHandler>();
        handlers.add("fake", m_fake);
        HgfsServerLimits limits;
        limits.maxHandlesPerSession = 4;
        limits.maxSessions = 8;
        limits.idleTimeoutMs = 60000;
        m_server = std::make_unique<HgfsServer>(std::move(handlers), limits);
        m_server->setClock([this] { return m_now; });
    }

    void cleanup() { m_server->closeAll(); }

    void roundTripsSizesAroundThePacketSize_data()
    {
        QTest::addColumn<quint32>("packetSize");
        QTest::addColumn<qint64>("size");
        for (const quint32 packet : {kLegacyLargePacketMax, 61440u}) {
            const qint64 chunk = packet - HgfsHeader::kSessionSize - HgfsWriteRequest::kFixedSize;
            const QString p = QString::number(packet);
            QTest::newRow(qPrintable(p + "/0 B")) << packet << qint64(0);
            QTest::newRow(qPrintable(p + "/1 B")) << packet << qint64(1);
            QTest::newRow(qPrintable(p + "/chunk-1")) << packet << chunk - 1;
            QTest::newRow(qPrintable(p + "/chunk")) << packet << chunk;
            QTest::newRow(qPrintable(p + "/chunk+1")) << packet << chunk + 1;
            QTest::newRow(qPrintable(p + "/packet-1")) << packet << qint64(packet) - 1;
            QTest::newRow(qPrintable(p + "/packet")) << packet << qint64(packet);
            QTest::newRow(qPrintable(p + "/packet+1")) << packet << qint64(packet) + 1;
        }
    }
    void roundTripsSizesAroundThePacketSize()
    {
        QFETCH(quint32, packetSize);
        QFETCH(qint64, size);
        const QByteArray data = randomBytes(size, quint32(size));
        const QString remote = path(QStringLiteral("rt-%1-%2").arg(packetSize).arg(size));
        const vmx::HgfsOutcome up = upload(data, remote, true, packetSize);
        QVERIFY2(up.ok(), qPrintable(up.message()));
        QCOMPARE(sha(fileBytes(remote)), sha(data));
        QByteArray back;
        const vmx::HgfsOutcome down = download(remote, &back, packetSize);
        QVERIFY2(down.ok(), qPrintable(down.message()));
        QCOMPARE(back.size(), data.size());
        QCOMPARE(sha(back), sha(data));
        QCOMPARE(m_server->sessionCount(), 0);
    }

    void roundTrips100MiB()
    {
        const QByteArray data = randomBytes(100 * 1024 * 1024, 7);
        const QString remote = path(QStringLiteral("big"));
        QVERIFY(upload(data, remote).ok());
        QCOMPARE(QFileInfo(remote).size(), data.size());
        QByteArray back;
        QVERIFY(download(remote, &back).ok());
        QCOMPARE(sha(back), sha(data));
        QFile::remove(remote);
    }

    void sparseFileOver4GiBReportsSizeAndReadsPastFourGiB()
    {
        const QString remote = path(QStringLiteral("sparse"));
        const qint64 size = 5LL * 1024 * 1024 * 1024;
        const qint64 mark = 4LL * 1024 * 1024 * 1024 + 12345;
        {
            QFile f(remote);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(size));
            QVERIFY(f.seek(mark));
            QVERIFY(f.write("past four GiB") == 13);
        }
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        HgfsAttr attr;
        QVERIFY(c.getattr(remote, &attr).ok());
        QCOMPARE(attr.size, quint64(size));
        quint32 handle = 0;
        QVERIFY(c.open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &handle).ok());
        QByteArray data;
        QVERIFY(c.read(handle, quint64(mark), 13, &data).ok());
        QCOMPARE(data, QByteArray("past four GiB"));
        QVERIFY(c.read(handle, quint64(size) - 3, 100, &data).ok());
        QCOMPARE(data, QByteArray(3, '\0'));
        QVERIFY(c.read(handle, quint64(size), 100, &data).ok());
        QVERIFY(data.isEmpty());
        QVERIFY(c.close(handle).ok());
        QVERIFY(c.destroySession().ok());
        QFile::remove(remote);
    }

    void overwriteRefusedLeavesExistingFileIntact()
    {
        const QString remote = path(QStringLiteral("keep"));
        QVERIFY(upload("original", remote).ok());
        const vmx::HgfsOutcome r = upload(randomBytes(100000, 3), remote, false);
        QCOMPARE(r.status, HgfsStatus::FileExists);
        QCOMPARE(fileBytes(remote), QByteArray("original"));
        QVERIFY(upload("replaced", remote, true).ok());
        QCOMPARE(fileBytes(remote), QByteArray("replaced"));
    }

    void abortedUploadLeavesNothingAndKeepsThePreviousFile()
    {
        const QString fresh = path(QStringLiteral("aborted-new"));
        const QString old = path(QStringLiteral("aborted-old"));
        QVERIFY(upload("previous", old).ok());
        for (int how = 0; how < 3; ++how) {
            for (const QString &target : {fresh, old}) {
                vmx::HgfsClient c = client();
                QVERIFY(c.createSession().ok());
                quint32 h = 0;
                QVERIFY(
                    c.open(target, kOpenModeWriteOnly, HgfsOpenFlags::OpenCreateEmpty, &h).ok());
                QVERIFY(c.write(h, 0, randomBytes(200000, 9)).ok());
                if (how == 0) {
                    QVERIFY(c.destroySession().ok()); // session ended without CLOSE
                } else if (how == 1) {
                    m_server->closeAll(); // daemon stop
                } else {
                    m_now += 3600 * 1000; // idle: the next packet's sweep ends it
                    m_server->expireIdle();
                    QCOMPARE(c.write(h, 200000, "x").status, HgfsStatus::StaleSession);
                }
                QCOMPARE(m_server->sessionCount(), 0);
                QVERIFY(!QFile::exists(fresh));
                QCOMPARE(fileBytes(old), QByteArray("previous"));
            }
        }
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden).filter("aborted").size(),
                 1);
    }

    void uploadIsOnDiskAtCloseUnlessTheSettingSaysNot()
    {
        const QByteArray data = randomBytes(1024 * 1024, 11);
        const QString first = path(QStringLiteral("durable-1"));
        QVERIFY(upload(data, first).ok());
        const int dirty = dirtyPageCount(QFile::encodeName(first));
        if (dirty < 0)
            QSKIP("cannot read page flags (needs Linux, root, /proc/kpageflags and a disk)");
        QCOMPARE(dirty, 0);
        // Switched off (a config reload): the next upload's close does not
        // wait for the disk, and its data is still all there.
        m_durable->store(false);
        const QString second = path(QStringLiteral("durable-2"));
        QVERIFY(upload(data, second).ok());
        m_durable->store(true);
        QVERIFY(dirtyPageCount(QFile::encodeName(second)) > 0);
        QCOMPARE(sha(fileBytes(second)), sha(data));
        const QString third = path(QStringLiteral("durable-3"));
        QVERIFY(upload(data, third).ok());
        QCOMPARE(dirtyPageCount(QFile::encodeName(third)), 0);
    }

    void fileTakesItsNameOnlyAtClose()
    {
        const QString remote = path(QStringLiteral("at-close"));
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        quint32 h = 0;
        QVERIFY(c.open(remote, kOpenModeWriteOnly, HgfsOpenFlags::OpenCreateSafe, &h).ok());
        QVERIFY(c.write(h, 0, "abc").ok());
        QVERIFY(!QFile::exists(remote));
        QCOMPARE(c.write(h, 10, "gap").status, HgfsStatus::InvalidParameter);
        QVERIFY(c.close(h).ok());
        QCOMPARE(fileBytes(remote), QByteArray("abc"));
        QCOMPARE(c.close(h).status, HgfsStatus::InvalidHandle);
        QVERIFY(c.destroySession().ok());
    }

    void hostSideNamesFollowTheGuestPathStyle()
    {
        using L = QStringList;
        QCOMPARE(vmx::hgfsComponents(QStringLiteral("/tmp/a\\b")), (L{"root", "tmp", "a\\b"}));
        QCOMPARE(vmx::hgfsComponents(QStringLiteral("C:\\Users\\me/x.txt")),
                 (L{"root", "drive", "C", "Users", "me", "x.txt"}));
        QCOMPARE(vmx::hgfsComponents(QStringLiteral("d:")), (L{"root", "drive", "d"}));
        QCOMPARE(vmx::hgfsComponents(QStringLiteral("\\\\server\\share\\f")),
                 (L{"root", "unc", "server", "share", "f"}));
    }

    void rootShareNamesMapToThisOsPaths()
    {
        using L = QStringList;
#ifdef Q_OS_WIN
        QCOMPARE(platform::pathBelowRootShare(L{"drive", "C", "Users", "a"}),
                 std::optional<QByteArray>("C:/Users/a"));
        QCOMPARE(platform::pathBelowRootShare(L{"drive", "C"}), std::optional<QByteArray>("C:/"));
        QCOMPARE(platform::pathBelowRootShare(L{"unc", "srv", "share", "a"}),
                 std::optional<QByteArray>("//srv/share/a"));
        QCOMPARE(platform::pathBelowRootShare(L{"tmp", "a"}), std::nullopt);
        QCOMPARE(platform::pathBelowRootShare(L{}), std::nullopt);
#else
        QCOMPARE(platform::pathBelowRootShare(L{"tmp", "a"}), std::optional<QByteArray>("/tmp/a"));
        QCOMPARE(platform::pathBelowRootShare(L{"drive", "C"}),
                 std::optional<QByteArray>("/drive/C"));
        QCOMPARE(platform::pathBelowRootShare(L{}), std::optional<QByteArray>("/"));
#endif
    }

    void zeroSizeProcFileIsTransferable()
    {
#ifdef Q_OS_WIN
        QSKIP("Linux only: /proc files report size 0 but have content; Windows has no such files");
#endif
        HgfsAttr attr;
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        QVERIFY(c.getattr(QStringLiteral("/proc/version"), &attr).ok());
        QVERIFY(c.destroySession().ok());
        QVERIFY(attr.size > 0);
        QByteArray back;
        QVERIFY(download(QStringLiteral("/proc/version"), &back).ok());
        QCOMPARE(back, fileBytes(QStringLiteral("/proc/version")));
    }

    void handlesArePerSessionAndBounded()
    {
        const QString remote = path(QStringLiteral("handles"));
        QVERIFY(upload("data", remote).ok());
        vmx::HgfsClient a = client();
        vmx::HgfsClient b = client();
        QVERIFY(a.createSession().ok());
        QVERIFY(b.createSession().ok());
        QVERIFY(a.sessionId() != b.sessionId());
        quint32 h = 0;
        QVERIFY(a.open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &h).ok());
        QByteArray data;
        QCOMPARE(b.read(h, 0, 10, &data).status, HgfsStatus::InvalidHandle);
        for (int i = 1; i < 4; ++i)
            QVERIFY(a.open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &h).ok());
        QCOMPARE(m_server->handleCount(), 4);
        QVERIFY(!a.open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &h).ok());
        QVERIFY(a.destroySession().ok());
        QCOMPARE(m_server->handleCount(), 0);
        QVERIFY(b.destroySession().ok());
    }

    void sessionsAreBoundedAndBelongToTheirUser()
    {
        vmx::HgfsClient mine = client();
        QVERIFY(mine.createSession().ok());
        vmx::HgfsClient other = client(QStringLiteral("someone-else"));
        QVERIFY(other.createSession().ok());
        // Another user's packets cannot use my session id.
        QByteArray reply;
        HgfsHeader h;
        h.op = opValue(HgfsOp::GetattrV2);
        h.sessionId = mine.sessionId();
        HgfsGetattrRequest g;
        g.op = h.op;
        g.file.components = vmx::hgfsComponents(QStringLiteral("/"));
        QVERIFY(other.raw(encodeRequestPacket(h, g.encode()), &reply).ok());
        const auto decoded = decodeReplyPacket(reply, HgfsHeaderForm::Session, h.op);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded.value.status, HgfsStatus::StaleSession);
        QCOMPARE(decoded.value.header.sessionId, kInvalidSessionId);

        QList<vmx::HgfsClient> more;
        for (int i = 2; i < 8; ++i) {
            more.append(client());
            QVERIFY(more.last().createSession().ok());
        }
        vmx::HgfsClient tooMany = client();
        QCOMPARE(tooMany.createSession().status, HgfsStatus::TooManySessions);
    }

    void capabilitiesComeFromTheOpTable()
    {
        QByteArray reply;
        vmx::HgfsClient c = client();
        HgfsHeader h;
        h.op = opValue(HgfsOp::CreateSessionV4);
        HgfsCreateSessionRequest req;
        req.maxPacketSize = 1u << 30;
        QVERIFY(c.raw(encodeRequestPacket(h, req.encode()), &reply).ok());
        const auto decoded = decodeReplyPacket(reply, HgfsHeaderForm::Session, h.op);
        QVERIFY(decoded.ok());
        const auto session = HgfsCreateSessionReply::decode(decoded.value.body);
        QVERIFY(session.ok());
        QCOMPARE(session.value.maxPacketSize, kLegacyLargePacketMax);
        QCOMPARE(session.value.capabilities,
                 HgfsSessionOps::capabilitiesFor(m_server->supportedOps()));
        QSet<quint32> advertised;
        for (const HgfsCapability &cap : session.value.capabilities) {
            if (cap.flags & kOpCapIsSupported)
                advertised.insert(cap.op);
        }
        QCOMPARE(advertised, m_server->supportedOps());
        QVERIFY(advertised.contains(opValue(HgfsOp::WriteV3)));
    }

    void readLargerThanTheSessionPacketIsRefused()
    {
        const QString remote = path(QStringLiteral("fits"));
        QVERIFY(upload("x", remote).ok());
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        quint32 h = 0;
        QVERIFY(c.open(remote, kOpenModeReadOnly, HgfsOpenFlags::Open, &h).ok());
        QByteArray data;
        QCOMPARE(c.read(h, 0, c.readChunk() + 1, &data).status, HgfsStatus::InvalidParameter);
        QVERIFY(c.read(h, 0, c.readChunk(), &data).ok());
        QVERIFY(c.destroySession().ok());
    }

    void errorsMapToHgfsStatuses()
    {
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        HgfsAttr attr;
        QCOMPARE(c.getattr(path(QStringLiteral("absent")), &attr).status,
                 HgfsStatus::NoSuchFileOrDir);
        quint32 h = 0;
        QCOMPARE(c.open(m_dir.path(), kOpenModeReadOnly, HgfsOpenFlags::Open, &h).status,
                 HgfsStatus::FileExists); // EISDIR, as hgfsUtil.c
        QCOMPARE(c.open(path(QStringLiteral("no/such/dir/f")), kOpenModeWriteOnly,
                        HgfsOpenFlags::OpenCreateEmpty, &h)
                     .status,
                 HgfsStatus::NoSuchFileOrDir);
        QVERIFY(c.destroySession().ok());
    }

    void handlerIsChosenByPathScheme()
    {
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        HgfsAttr attr;
        QVERIFY(c.getattr(QStringLiteral("/fake:/some/where"), &attr).ok());
        QCOMPARE(attr.size, quint64(4242));
        QCOMPARE(m_fake->lastPath, QByteArray("/some/where"));
        // An unknown scheme is an ordinary file name.
        QCOMPARE(c.getattr(path(QStringLiteral("nope:")), &attr).status,
                 HgfsStatus::NoSuchFileOrDir);
        QVERIFY(c.destroySession().ok());
    }

    void malformedPacketsGetErrors()
    {
        vmx::HgfsClient c = client();
        QVERIFY(c.createSession().ok());
        // Too short to answer: dropped.
        QVERIFY(m_server->process(QByteArray("\x01\x02", 2), caller()).isEmpty());
        // Garbage in the op slot: dropped, as hgfsServer.c does.
        QVERIFY(m_server->process(QByteArray(64, '\x7f'), caller()).isEmpty());
        // A session header whose packetSize points past the end.
        HgfsHeader h;
        h.op = opValue(HgfsOp::ReadV3);
        h.sessionId = c.sessionId();
        HgfsReadRequest rd;
        QByteArray packet = encodeRequestPacket(h, rd.encode());
        const quint32 lie = quint32(packet.size()) + 100;
        memcpy(packet.data() + 8, &lie, 4);
        auto status = [&](const QByteArray &p) {
            const QByteArray reply = m_server->process(p, caller());
            const auto d = decodeReplyPacket(reply, HgfsHeaderForm::Session, h.op);
            return d.ok() ? d.value.status : HgfsStatus::TransportError;
        };
        QCOMPARE(status(packet), HgfsStatus::ProtocolError);
        // A write whose requiredSize points past the end.
        h.op = opValue(HgfsOp::WriteV3);
        HgfsWriteRequest wr;
        wr.data = "abcd";
        QByteArray args = wr.encode();
        const quint32 big = 1000;
        memcpy(args.data() + 13, &big, 4);
        QCOMPARE(status(encodeRequestPacket(h, args)), HgfsStatus::ProtocolError);
        // An op the server has no handler for, and a value past HGFS_OP_MAX.
        h.op = opValue(HgfsOp::SearchOpenV3);
        QCOMPARE(status(encodeRequestPacket(h, QByteArray(40, '\0'))),
                 HgfsStatus::OperationNotSupported);
        h.op = 200;
        QCOMPARE(status(encodeRequestPacket(h, {})), HgfsStatus::ProtocolError);
        // Random bytes never crash it and leave it working.
        QRandomGenerator gen(11);
        for (int i = 0; i < 2000; ++i) {
            QByteArray junk = randomBytes(gen.bounded(0, 300), quint32(i));
            if (i % 2 && junk.size() >= 8)
                junk.replace(4, 4, QByteArray("\xff\0\0\0", 4));
            m_server->process(junk, caller());
        }
        HgfsAttr attr;
        QVERIFY(c.getattr(m_dir.path(), &attr).ok());
        QVERIFY(c.destroySession().ok());
    }
};

QTEST_GUILESS_MAIN(TestHgfsServer)
#include "tst_hgfs_server.moc"
