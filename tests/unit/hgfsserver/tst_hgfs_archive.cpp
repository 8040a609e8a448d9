// The "/archive:" HGFS handler driven through the server and the host-side
// client: directory round trips (contents, modes, times, symlinks, empty
// directories, odd names), govmomi's options, and every malicious archive
// refused with nothing written outside the target and the target unchanged.
#include "HgfsTestClient.h"
#include "hgfs/server/ArchiveHandler.h"
#include "hgfs/server/GuestFileHandler.h"
#include "hgfs/server/HgfsServer.h"
#include "platform/Authenticator.h"
#include "vmx/HgfsClient.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

using namespace gk;
using namespace gk::hgfs;
using namespace gk::hgfs::server;

namespace {

// One ustar header block (+ data, padded) for hand-made archives.
QByteArray tarMember(const QByteArray &name, char type, const QByteArray &data = {},
                     const QByteArray &link = {}, int mode = 0644)
{
    QByteArray h(512, '\0');
    auto put = [&h](int at, int len, const QByteArray &v) {
        memcpy(h.data() + at, v.constData(), size_t(std::min<int>(len, int(v.size()))));
    };
    auto octal = [&put](int at, int len, qint64 v) {
        put(at, len, QByteArray::number(v, 8).rightJustified(len - 1, '0'));
    };
    put(0, 100, name);
    octal(100, 8, mode);
    octal(108, 8, 0);
    octal(116, 8, 0);
    const bool hasData = type == '0' || type == 'L' || type == 'x';
    octal(124, 12, hasData ? data.size() : 0);
    octal(136, 12, 1600000000);
    h[156] = type;
    put(157, 100, link);
    put(257, 6, QByteArray("ustar\0", 6));
    put(263, 2, "00");
    memset(h.data() + 148, ' ', 8);
    qint64 sum = 0;
    for (unsigned char c : h)
        sum += c;
    put(148, 7, QByteArray::number(sum, 8).rightJustified(6, '0') + '\0');
    QByteArray out = h;
    if (hasData) {
        out += data;
        out += QByteArray((512 - data.size() % 512) % 512, '\0');
    }
    return out;
}

QByteArray tarEnd()
{
    return QByteArray(1024, '\0');
}

struct Node
{
    char type; // 'f', 'd', 'l'
    quint32 mode;
    qint64 mtime;
    QByteArray content; // file bytes or link target
};

// Everything below `root` by relative path, read with lstat.
QMap<QString, Node> snapshot(const QString &root)
{
    QMap<QString, Node> out;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat st
        {};
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            continue;
        Node n{};
        n.mode = st.st_mode & 07777;
        n.mtime = st.st_mtime;
        if (S_ISDIR(st.st_mode)) {
            n.type = 'd';
        } else if (S_ISLNK(st.st_mode)) {
            n.type = 'l';
            n.mtime = 0; // a link's own time is not restored
            n.mode = 0;
            n.content = QFile::encodeName(QFile::symLinkTarget(path));
            char buf[4096];
            const ssize_t len = ::readlink(QFile::encodeName(path).constData(), buf, sizeof buf);
            n.content = QByteArray(buf, int(std::max<ssize_t>(len, 0)));
        } else {
            n.type = 'f';
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                n.content = f.readAll();
        }
        out.insert(QDir(root).relativeFilePath(path), n);
    }
    return out;
}

void setTimes(const QString &path, qint64 seconds)
{
    const struct timeval tv[2] = {{seconds, 0}, {seconds, 0}};
    ::lutimes(QFile::encodeName(path).constData(), tv);
}

bool writeFile(const QString &path, const QByteArray &data, int mode, qint64 mtime)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        return false;
    f.close();
    ::chmod(QFile::encodeName(path).constData(), mode_t(mode));
    setTimes(path, mtime);
    return true;
}

} // namespace

class TestHgfsArchive : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<platform::Authenticator> m_auth;
    std::shared_ptr<platform::GuestSession> m_session;
    std::unique_ptr<HgfsServer> m_server;
    QTemporaryDir m_dir;

    vmx::HgfsClient client()
    {
        return test::inProcessHgfsClient(*m_server, {m_session, QStringLiteral("me")});
    }
    vmx::HgfsOutcome download(const QString &remote, QByteArray *out)
    {
        vmx::HgfsClient c = client();
        return test::downloadBytes(c, remote, out);
    }
    vmx::HgfsOutcome upload(const QByteArray &data, const QString &remote)
    {
        vmx::HgfsClient c = client();
        return test::uploadBytes(c, data, remote);
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A target with one file, a sentinel name outside it, and the check that
    // a refused archive changed neither.
    struct Guarded
    {
        QString parent, target, outside;
        QMap<QString, Node> before;
        QStringList parentBefore;
    };
    Guarded guarded(const QString &name)
    {
        Guarded g;
        g.parent = path(name);
        QDir().mkpath(g.parent + QStringLiteral("/target/sub"));
        g.target = g.parent + QStringLiteral("/target");
        writeFile(g.target + QStringLiteral("/keep.txt"), "keep", 0644, 1500000000);
        g.outside = g.parent + QStringLiteral("/evil");
        g.before = snapshot(g.target);
        g.parentBefore = QDir(g.parent).entryList(QDir::AllEntries | QDir::NoDotAndDotDot |
                                                  QDir::Hidden | QDir::System);
        return g;
    }
    void expectUntouched(const Guarded &g)
    {
        QCOMPARE(snapshot(g.target).keys(), g.before.keys());
        QCOMPARE(snapshot(g.target).value(QStringLiteral("keep.txt")).content, QByteArray("keep"));
        QCOMPARE(QDir(g.parent).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden |
                                          QDir::System),
                 g.parentBefore);
        QVERIFY(!QFileInfo::exists(g.outside));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/tmp/guestkit-archive-evil")));
    }

    // The archive is refused into an existing target (left unchanged) and
    // into a new one (not created).
    void expectRefusedEverywhere(const QByteArray &archive, const QString &name)
    {
        const Guarded g = guarded(name);
        const vmx::HgfsOutcome r = upload(archive, QStringLiteral("/archive:") + g.target);
        QVERIFY(!r.ok());
        expectUntouched(g);
        const QString fresh = g.parent + QStringLiteral("/fresh");
        QVERIFY(!upload(archive, QStringLiteral("/archive:") + fresh).ok());
        QVERIFY(!QFileInfo::exists(fresh));
        expectUntouched(g);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_auth = platform::createAuthenticator();
        m_session = m_auth->daemonSession();
        HgfsHandlerRegistry handlers;
        handlers.setDefault(std::make_shared<GuestFileHandler>());
        handlers.add(ArchiveHandler::kScheme, std::make_shared<ArchiveHandler>());
        m_server = std::make_unique<HgfsServer>(std::move(handlers));
    }
    void cleanupTestCase()
    {
        // Read-only directories made by the tests would stop the cleanup.
        QDirIterator it(m_dir.path(), QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            ::chmod(QFile::encodeName(it.next()).constData(), 0755);
    }

    void directoryRoundTripKeepsContentsModesTimesAndSymlinks()
    {
        const QString src = path(QStringLiteral("tree"));
        QDir().mkpath(src);
        // 10,000 small files in 100 directories, with odd modes and times.
        const int modes[] = {0644, 0600, 0755, 0444, 0640, 0700, 0751, 0604};
        for (int d = 0; d < 100; ++d) {
            const QString dir = src + QStringLiteral("/d%1").arg(d, 3, 10, QLatin1Char('0'));
            QDir().mkpath(dir);
            for (int i = 0; i < 100; ++i) {
                const QByteArray data = QByteArray::number(d * 100 + i).repeated(i % 7 + 1);
                QVERIFY(writeFile(dir + QStringLiteral("/f%1").arg(i), data, modes[i % 8],
                                  1600000000 + d * 100 + i));
            }
        }
        // Odd names, empty directories, symlinks (file, directory, dangling).
        const QStringList odd = {QStringLiteral("with space"),   QStringLiteral("ünïcödé-名前"),
                                 QStringLiteral("quote'\"#$&;"), QStringLiteral("-dash"),
                                 QStringLiteral(".hidden"),      QString(150, QLatin1Char('L'))};
        for (const QString &name : odd)
            QVERIFY(writeFile(src + QLatin1Char('/') + name, name.toUtf8(), 0640, 1234567890));
        QDir().mkpath(src + QStringLiteral("/empty/nested-empty"));
        QDir().mkpath(src + QStringLiteral("/a/deep/path/to/somewhere/much/longer/than/one/"
                                           "hundred/bytes/so/that/the/name/needs/more/than/ustar"
                                           "/gives"));
        QVERIFY(writeFile(src + QStringLiteral("/a/deep/path/to/somewhere/much/longer/than/one/"
                                               "hundred/bytes/so/that/the/name/needs/more/than/"
                                               "ustar/gives/leaf.txt"),
                          "leaf", 0600, 1111111111));
        QVERIFY(QFile::link(QStringLiteral("d000/f1"), src + QStringLiteral("/link-to-file")));
        QVERIFY(QFile::link(QStringLiteral("../d001"), src + QStringLiteral("/d002/link-to-dir")));
        QVERIFY(QFile::link(QStringLiteral("missing"), src + QStringLiteral("/dangling")));
        ::chmod(QFile::encodeName(src + QStringLiteral("/empty")).constData(), 0750);
        setTimes(src + QStringLiteral("/empty/nested-empty"), 1300000000);
        setTimes(src + QStringLiteral("/empty"), 1310000000);
        for (int d = 0; d < 100; ++d)
            setTimes(src + QStringLiteral("/d%1").arg(d, 3, 10, QLatin1Char('0')), 1400000000 + d);
        const QMap<QString, Node> before = snapshot(src);
        QVERIFY(before.size() > 10100);

        QByteArray archive;
        const vmx::HgfsOutcome down =
            download(QStringLiteral("/archive:") + src + QStringLiteral("?format=tgz"), &archive);
        QVERIFY2(down.ok(), qPrintable(down.message()));
        QVERIFY(archive.startsWith("\x1f\x8b\x08"));
        QVERIFY(archive.endsWith("\x1f\x8b\x08")); // govmomi's trailer
        archive.chop(3);

        const QString dst = path(QStringLiteral("copy"));
        const vmx::HgfsOutcome up = upload(archive, QStringLiteral("/archive:") + dst);
        QVERIFY2(up.ok(), qPrintable(up.message()));
        const QMap<QString, Node> after = snapshot(dst);
        QCOMPARE(after.size(), before.size());
        for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
            QVERIFY2(after.contains(it.key()), qPrintable(it.key()));
            const Node &a = after[it.key()];
            QVERIFY2(a.type == it->type, qPrintable(it.key()));
            QVERIFY2(a.content == it->content, qPrintable(it.key()));
            QVERIFY2(a.mode == it->mode, qPrintable(QStringLiteral("%1: %2 != %3")
                                                        .arg(it.key())
                                                        .arg(a.mode, 0, 8)
                                                        .arg(it->mode, 0, 8)));
            QVERIFY2(a.mtime == it->mtime, qPrintable(it.key()));
        }
        // Nothing was left beside the target.
        QVERIFY(
            QDir(m_dir.path())
                .entryList({QStringLiteral(".guestkit-archive-*")}, QDir::AllEntries | QDir::Hidden)
                .isEmpty());
    }

    void plainTarFormatAndPrefixAndExcludeAreHonoured()
    {
        const QString src = path(QStringLiteral("opts"));
        QDir().mkpath(src + QStringLiteral("/keep"));
        QDir().mkpath(src + QStringLiteral("/skip"));
        QVERIFY(writeFile(src + QStringLiteral("/keep/a"), "a", 0644, 1600000000));
        QVERIFY(writeFile(src + QStringLiteral("/skip/b"), "b", 0644, 1600000000));
        QByteArray archive;
        const vmx::HgfsOutcome r =
            download(QStringLiteral("/archive:") + src +
                         QStringLiteral("?format=tar&prefix=top%2F&exclude=%5Eskip"),
                     &archive);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(archive.mid(257, 5), QByteArray("ustar"));
        QVERIFY(archive.contains("top/keep/a"));
        QVERIFY(!archive.contains("skip"));
        archive.chop(3);
        const QString dst = path(QStringLiteral("opts-copy"));
        QVERIFY(upload(archive, QStringLiteral("/archive:") + dst).ok());
        QCOMPARE(snapshot(dst + QStringLiteral("/top/keep")).value(QStringLiteral("a")).content,
                 QByteArray("a"));
    }

    void unknownArchiveOptionOrFormatIsAnError()
    {
        QByteArray out;
        QCOMPARE(download(QStringLiteral("/archive:/tmp?format=zip"), &out).status,
                 HgfsStatus::InvalidParameter);
        QCOMPARE(download(QStringLiteral("/archive:/tmp?colour=red"), &out).status,
                 HgfsStatus::InvalidParameter);
        QVERIFY(!download(QStringLiteral("/archive:/does/not/exist"), &out).ok());
    }

    void uploadMergesIntoAnExistingDirectory()
    {
        const Guarded g = guarded(QStringLiteral("merge"));
        const QByteArray archive = tarMember("sub/new.txt", '0', "new") +
                                   tarMember("keep.txt", '0', "replaced") + tarEnd();
        QVERIFY(upload(archive, QStringLiteral("/archive:") + g.target).ok());
        const auto after = snapshot(g.target);
        QCOMPARE(after.value(QStringLiteral("sub/new.txt")).content, QByteArray("new"));
        QCOMPARE(after.value(QStringLiteral("keep.txt")).content, QByteArray("replaced"));
    }

    void maliciousArchivesAreRefusedAndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("archive");
        const QByteArray ok = tarMember("good.txt", '0', "fine");
        QTest::newRow("absolute path")
            << ok + tarMember("/tmp/guestkit-archive-evil", '0', "x") + tarEnd();
        QTest::newRow("dot-dot") << ok + tarMember("../evil", '0', "x") + tarEnd();
        QTest::newRow("dot-dot inside") << ok + tarMember("sub/../../evil", '0', "x") + tarEnd();
        QTest::newRow("symlink absolute") << ok + tarMember("l", '2', {}, "/tmp") +
                                                 tarMember("l/guestkit-archive-evil", '0', "x") +
                                                 tarEnd();
        QTest::newRow("symlink out") << ok + tarMember("evil", '2', {}, "../evil") + tarEnd();
        QTest::newRow("member below symlink")
            << ok + tarMember("l", '2', {}, "sub") + tarMember("l/x", '0', "x") + tarEnd();
        QTest::newRow("symlink chain out") << ok + tarMember("deep/", '5') +
                                                  tarMember("deep/x", '2', {}, "..") +
                                                  tarMember("y", '2', {}, "deep/x/..") + tarEnd();
        QTest::newRow("symlink chain out, link last")
            << ok + tarMember("deep/", '5') + tarMember("y", '2', {}, "deep/x/..") +
                   tarMember("deep/x", '2', {}, "..") + tarEnd();
        QTest::newRow("hard link out")
            << ok + tarMember("h", '1', {}, "../target/keep.txt") + tarEnd();
        QTest::newRow("hard link absolute")
            << ok + tarMember("h", '1', {}, "/etc/passwd") + tarEnd();
        QTest::newRow("hard link to unknown") << ok + tarMember("h", '1', {}, "nothing") + tarEnd();
        QTest::newRow("char device") << ok + tarMember("dev", '3') + tarEnd();
        QTest::newRow("block device") << ok + tarMember("blk", '4') + tarEnd();
        QTest::newRow("fifo") << ok + tarMember("fifo", '6') + tarEnd();
        QTest::newRow("name too long (GNU long name)")
            << ok + tarMember("././@LongLink", 'L', QByteArray(256, 'n') + '\0') +
                   tarMember("short", '0', "x") + tarEnd();
        QTest::newRow("dot-dot in a pax path")
            << ok + tarMember("pax", 'x', "19 path=../../evil\n") + tarMember("ok", '0', "x") +
                   tarEnd();
        QTest::newRow("bad checksum") << ok + QByteArray(512, 'g') + tarEnd();
        QByteArray truncated = ok + tarMember("big", '0', QByteArray(4000, 'b'));
        truncated.chop(2000);
        QTest::newRow("truncated") << truncated;
        QTest::newRow("not an archive") << QByteArray("hello, this is not a tar file");
        QTest::newRow("unknown member type") << ok + tarMember("sparse", 'S') + tarEnd();
    }
    void maliciousArchivesAreRefusedAndChangeNothing()
    {
        QFETCH(QByteArray, archive);
        static int n = 0;
        expectRefusedEverywhere(archive, QStringLiteral("bad%1").arg(++n));
    }

    void hardLinkInsideTheArchiveIsACopy()
    {
        const QString dst = path(QStringLiteral("hard"));
        const QByteArray archive =
            tarMember("a", '0', "same") + tarMember("b", '1', {}, "a") + tarEnd();
        QVERIFY(upload(archive, QStringLiteral("/archive:") + dst).ok());
        QCOMPARE(snapshot(dst).value(QStringLiteral("b")).content, QByteArray("same"));
    }

    // Small files are written by a second thread while the next members are
    // read: a later member of the same name still wins, a hard link to a file
    // still queued copies its contents, and every file is there at the end.
    void backgroundWritesKeepTheArchivesOrder()
    {
        QByteArray archive;
        for (int i = 0; i < 500; ++i)
            archive += tarMember("many/f" + QByteArray::number(i), '0', QByteArray::number(i));
        archive += tarMember("many/f7", '0', "second f7");
        archive += tarMember("last", '0', "queued");
        archive += tarMember("linked", '1', {}, "last");
        archive += tarMember("many/f499", '0', "second f499, big" + QByteArray(100000, 'b'));
        archive += tarMember("many/f498", '0', "third");
        archive += tarMember("many/f498", '0', "fourth");
        archive += tarEnd();
        const QString dst = path(QStringLiteral("background"));
        const vmx::HgfsOutcome r = upload(archive, QStringLiteral("/archive:") + dst);
        QVERIFY2(r.ok(), qPrintable(r.message()));
        const QMap<QString, Node> after = snapshot(dst);
        QCOMPARE(after.size(), 1 + 500 + 2);
        for (int i = 0; i < 498; ++i) {
            if (i != 7)
                QCOMPARE(after.value(QStringLiteral("many/f%1").arg(i)).content,
                         QByteArray::number(i));
        }
        QCOMPARE(after.value(QStringLiteral("many/f7")).content, QByteArray("second f7"));
        QCOMPARE(after.value(QStringLiteral("linked")).content, QByteArray("queued"));
        QVERIFY(after.value(QStringLiteral("many/f499")).content.startsWith("second f499, big"));
        QCOMPARE(after.value(QStringLiteral("many/f498")).content, QByteArray("fourth"));
        QCOMPARE(after.value(QStringLiteral("many/f3")).mode, 0644u);
        QCOMPARE(after.value(QStringLiteral("many/f3")).mtime, 1600000000);
    }

    // A small file that cannot be created (its path is longer than PATH_MAX,
    // though every directory on the way could be made) fails the upload
    // after hundreds of files were queued, and nothing of it remains.
    void aFailedBackgroundWriteRefusesTheArchive()
    {
        QByteArray deep;
        for (int i = 0; i < 15; ++i)
            deep += QByteArray(255, char('a' + i)) + '/';
        const QByteArray longName = deep + QByteArray(255, 'z');
        QByteArray record = " path=" + longName + "\n";
        // A pax record's length counts its own digits.
        QByteArray length = QByteArray::number(record.size() + 4);
        record = length + record;
        QCOMPARE(record.size(), length.toInt());
        QByteArray archive;
        for (int i = 0; i < 300; ++i)
            archive += tarMember("f" + QByteArray::number(i), '0', "x");
        archive += tarMember("pax", 'x', record) + tarMember("placeholder", '0', "deep");
        for (int i = 0; i < 300; ++i)
            archive += tarMember("g" + QByteArray::number(i), '0', "y");
        archive += tarEnd();
        expectRefusedEverywhere(archive, QStringLiteral("bgfail"));
    }

    void uploadOntoAFileIsRefused()
    {
        const QString file = path(QStringLiteral("plain-file"));
        QVERIFY(writeFile(file, "x", 0644, 1600000000));
        const vmx::HgfsOutcome r =
            upload(tarMember("a", '0', "a") + tarEnd(), QStringLiteral("/archive:") + file);
        QVERIFY(!r.ok());
        QCOMPARE(snapshot(m_dir.path()).value(QStringLiteral("plain-file")).content,
                 QByteArray("x"));
    }
};

QTEST_GUILESS_MAIN(TestHgfsArchive)
#include "tst_hgfs_archive.moc"
