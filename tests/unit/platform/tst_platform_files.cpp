// SessionFiles operations and their error kinds, on the real file system,
// as a guest user (gktest) in a directory that user owns.
#include "PlatformFixture.h"
#include "linux/LinuxAtomicFileWriter.h"

#include <QDir>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

using namespace gk::platform;
using K = PlatformError::Kind;

class TestPlatformFiles : public QObject
{
    Q_OBJECT
private:
    gk::test::TwoUsers m_users;
    std::unique_ptr<Authenticator> m_uncached;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QByteArray m_dir; // owned by the first user, fresh per test
    int m_counter = 0;

    SessionFiles &files() { return m_users.firstSession->files(); }
    FilePath at(const QByteArray &name) const { return FilePath::fromBytes(m_dir + "/" + name); }

    // Every name in `directory`, hidden ones included, as root sees them.
    static QStringList entries(const QByteArray &directory)
    {
        return QDir(QFile::decodeName(directory))
            .entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    }

    // A new session of the first user each time (none is remembered); null
    // if PAM refuses.
    std::shared_ptr<GuestSession> freshSession()
    {
        if (!m_uncached) {
            AuthenticatorOptions options;
            options.credentialCacheMs = 0;
            m_uncached = createAuthenticator(options);
        }
        return m_uncached->authenticate(m_users.first.name, m_users.first.password).value;
    }

    static void verifyPrivateTo(const QByteArray &dir, qint64 uid)
    {
        struct stat st = {};
        QCOMPARE(::lstat(dir.constData(), &st), 0);
        QVERIFY(S_ISDIR(st.st_mode));
        QCOMPARE(qint64(st.st_uid), uid);
        QCOMPARE(st.st_mode & 07777, mode_t(0700));
    }

    // The safe temp directories this test process made in /tmp.
    static void removeSafeTempDirs()
    {
        QDir tmp(QStringLiteral("/tmp"));
        const QString pattern = QStringLiteral("vmware-gktest*_%1-*").arg(::getpid());
        for (const QString &name :
             tmp.entryList({pattern}, QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
            const QString path = tmp.filePath(name);
            if (QFileInfo(path).isSymLink())
                QFile::remove(path);
            else
                QDir(path).removeRecursively();
        }
    }

    QByteArray ownedByFirstUser() const
    {
        return ",uid=" + QByteArray::number(m_users.first.uid) +
               ",gid=" + QByteArray::number(m_users.first.gid);
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!m_users.setUp(&why))
            QSKIP(qPrintable(why));
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        QVERIFY(gk::test::chmodPath(QFile::encodeName(m_tmp->path()), 0755));
    }

    void init()
    {
        m_dir = QFile::encodeName(m_tmp->path()) + "/t" + QByteArray::number(++m_counter);
        QCOMPARE(::mkdir(m_dir.constData(), 0755), 0);
        QVERIFY(gk::test::chownPath(m_dir, m_users.first.uid, m_users.first.gid));
    }

    void statReportsFullAttributes()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/.hidden", "12345", 0640));
        QVERIFY(gk::test::chownPath(m_dir + "/.hidden", m_users.first.uid, m_users.first.gid));
        AttributeChange times;
        times.modified = qint64(1600000000) * 1000000000 + 123456789;
        times.accessed = qint64(1500000000) * 1000000000;
        QVERIFY(!files().changeAttributes(at(".hidden"), times));
        const auto r = files().stat(at(".hidden"));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        const FileInfo &i = r.value;
        QCOMPARE(i.name, QByteArray(".hidden"));
        QCOMPARE(i.type, FileType::Regular);
        QCOMPARE(i.size, 5);
        QCOMPARE(*i.mode, 0640u);
        QCOMPARE(*i.times.modified, *times.modified);
        QCOMPARE(*i.times.accessed, *times.accessed);
        QVERIFY(i.times.changed.has_value());
        QCOMPARE(i.owner.id, m_users.first.uid);
        QCOMPARE(i.owner.name, m_users.first.name);
        QCOMPARE(i.group.id, m_users.first.gid);
        QVERIFY(!i.group.name.isEmpty());
        QVERIFY(i.hidden);
        QVERIFY(!files().stat(FilePath::fromBytes(m_dir)).value.hidden);
        QCOMPARE(files().stat(FilePath::fromBytes(m_dir)).value.type, FileType::Directory);
    }

    void statReportsSymlinkOrItsTarget()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/target", "abc"));
        QCOMPARE(::symlink("target", (m_dir + "/link").constData()), 0);
        const auto link = files().stat(at("link"));
        QCOMPARE(link.value.type, FileType::Symlink);
        QCOMPARE(link.value.symlinkTarget, QByteArray("target"));
        const auto followed = files().stat(at("link"), true);
        QCOMPARE(followed.value.type, FileType::Regular);
        QCOMPARE(followed.value.size, 3);
    }

    void statOfMissingPathIsNotFoundWithCodeAndMessage()
    {
        const auto r = files().stat(at("missing"));
        QCOMPARE(r.error.kind, K::NotFound);
        QCOMPARE(r.error.nativeCode, ENOENT);
        QVERIFY(r.error.message.contains(QLatin1String("missing")));
        QCOMPARE(files().stat(FilePath::fromBytes(QByteArray("/tmp/a\0b", 8))).error.kind,
                 K::InvalidName);
        QCOMPARE(files().stat(FilePath()).error.kind, K::InvalidName);
    }

    void listFiltersNamesWithRegularExpression()
    {
        for (const char *n : {"a.txt", "b.txt", "c.log", "sub"})
            QVERIFY(gk::test::writeFile(m_dir + "/" + n, "x"));
        auto lister =
            files().list(FilePath::fromBytes(m_dir), QRegularExpression(QStringLiteral("\\.txt$")));
        QVERIFY(lister.ok());
        const auto batch = lister.value->nextBatch(100);
        QVERIFY(batch.ok());
        QStringList names;
        for (const FileInfo &i : batch.value)
            names << QString::fromUtf8(i.name);
        names.sort();
        QCOMPARE(names, QStringList({QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
        QVERIFY(lister.value->nextBatch(100).value.isEmpty());
        QVERIFY(lister.value->atEnd());
        QCOMPARE(files()
                     .list(FilePath::fromBytes(m_dir), QRegularExpression(QStringLiteral("(")))
                     .error.kind,
                 K::InvalidArgument);
    }

    void listOfFileOrMissingDirectoryFails()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/file", "x"));
        QCOMPARE(files().list(at("file")).error.kind, K::NotADirectory);
        QCOMPARE(files().list(at("nope")).error.kind, K::NotFound);
    }

    void makeDirectoryWithAndWithoutParents()
    {
        QCOMPARE(files().makeDirectory(at("a/b/c")).kind, K::NotFound);
        QVERIFY(!files().makeDirectory(at("a/b/c"), true));
        QVERIFY(!files().makeDirectory(at("a/b/c"), true)); // like mkdir -p
        QCOMPARE(files().makeDirectory(at("a/b/c")).kind, K::Exists);
        QVERIFY(gk::test::writeFile(m_dir + "/file", "x"));
        QCOMPARE(files().makeDirectory(at("file/sub"), true).kind, K::NotADirectory);
        QCOMPARE(files().makeDirectory(at("file")).kind, K::Exists);
        QCOMPARE(files().stat(at("a/b/c")).value.type, FileType::Directory);
    }

    void removeFileRefusesDirectories()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/file", "x"));
        QVERIFY(!files().makeDirectory(at("dir")));
        QVERIFY(!files().removeFile(at("file")));
        QCOMPARE(files().stat(at("file")).error.kind, K::NotFound);
        QCOMPARE(files().removeFile(at("dir")).kind, K::IsADirectory);
        QCOMPARE(files().removeFile(at("file")).kind, K::NotFound);
    }

    void removeDirectoryEmptyOnlyOrRecursive()
    {
        QVERIFY(!files().makeDirectory(at("d/e/f"), true));
        QVERIFY(gk::test::writeFile(m_dir + "/d/e/f/x", "x"));
        QCOMPARE(files().removeDirectory(at("d"), RemoveMode::EmptyOnly).kind, K::NotEmpty);
        QVERIFY(!files().removeDirectory(at("d"), RemoveMode::Recursive));
        QCOMPARE(files().stat(at("d")).error.kind, K::NotFound);
        QVERIFY(gk::test::writeFile(m_dir + "/file", "x"));
        QCOMPARE(files().removeDirectory(at("file"), RemoveMode::EmptyOnly).kind, K::NotADirectory);
        QCOMPARE(files().removeDirectory(at("file"), RemoveMode::Recursive).kind, K::NotADirectory);
        QVERIFY(!files().makeDirectory(at("empty")));
        QVERIFY(!files().removeDirectory(at("empty"), RemoveMode::EmptyOnly));
    }

    void recursiveRemoveDeletesLargeTrees()
    {
        // More entries than one getdents buffer, so deleting takes passes.
        QVERIFY(!files().makeDirectory(at("big/sub"), true));
        for (int i = 0; i < 3000; ++i)
            QVERIFY(gk::test::writeFile(
                m_dir + "/big/sub/file-with-a-longish-name-" + QByteArray::number(i), ""));
        QVERIFY(!files().removeDirectory(at("big"), RemoveMode::Recursive));
        QCOMPARE(files().stat(at("big")).error.kind, K::NotFound);
    }

    void recursiveRemoveStopsAtWhatTheUserMayNotDelete()
    {
        QVERIFY(!files().makeDirectory(at("mixed")));
        const QByteArray locked = m_dir + "/mixed/locked";
        QCOMPARE(::mkdir(locked.constData(), 0755), 0); // root's
        QVERIFY(gk::test::writeFile(locked + "/rootfile", "x"));
        const PlatformError e = files().removeDirectory(at("mixed"), RemoveMode::Recursive);
        QCOMPARE(e.kind, K::PermissionDenied);
        QVERIFY(e.message.contains(QLatin1String("rootfile")));
        QCOMPARE(gk::test::readFile(locked + "/rootfile"), QByteArray("x"));
    }

    void recursiveRemoveNeverFollowsSymlinksOutOfTheTree()
    {
        QVERIFY(!files().makeDirectory(at("outside")));
        QVERIFY(gk::test::writeFile(m_dir + "/outside/keep", "keep"));
        QVERIFY(!files().makeDirectory(at("tree/deep"), true));
        QCOMPARE(
            ::symlink((m_dir + "/outside").constData(), (m_dir + "/tree/deep/link").constData()),
            0);
        QCOMPARE(::symlink((m_dir + "/outside/keep").constData(),
                           (m_dir + "/tree/filelink").constData()),
                 0);
        QVERIFY(!files().removeDirectory(at("tree"), RemoveMode::Recursive));
        QCOMPARE(gk::test::readFile(m_dir + "/outside/keep"), QByteArray("keep"));
        QCOMPARE(files().stat(at("tree")).error.kind, K::NotFound);
        // A symlink to a directory is not a directory to remove.
        QCOMPARE(::symlink("outside", (m_dir + "/dirlink").constData()), 0);
        QCOMPARE(files().removeDirectory(at("dirlink"), RemoveMode::Recursive).kind,
                 K::NotADirectory);
        QCOMPARE(gk::test::readFile(m_dir + "/outside/keep"), QByteArray("keep"));
    }

    void moveReportsTheExactConflict()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/f1", "one"));
        QVERIFY(gk::test::writeFile(m_dir + "/f2", "two"));
        QVERIFY(!files().makeDirectory(at("d1")));
        QVERIFY(!files().makeDirectory(at("d2/sub"), true));
        QVERIFY(!files().makeDirectory(at("empty")));
        QCOMPARE(files().move(at("f1"), at("f2")).kind, K::Exists);
        QCOMPARE(files().move(at("f1"), at("d1")).kind, K::Exists);
        QCOMPARE(files().move(at("d1"), at("f1")).kind, K::Exists);
        MoveOptions overwrite;
        overwrite.overwrite = true;
        QCOMPARE(files().move(at("f1"), at("d1"), overwrite).kind, K::IsADirectory);
        QCOMPARE(files().move(at("d1"), at("f1"), overwrite).kind, K::NotADirectory);
        QCOMPARE(files().move(at("d1"), at("d2"), overwrite).kind, K::NotEmpty);
        QCOMPARE(files().move(at("missing"), at("x")).kind, K::NotFound);
        QVERIFY(!files().move(at("f1"), at("f2"), overwrite));
        QCOMPARE(gk::test::readFile(m_dir + "/f2"), QByteArray("one"));
        QVERIFY(!files().move(at("d1"), at("empty"), overwrite));
        QVERIFY(!files().move(at("d2"), at("d3")));
        QCOMPARE(files().stat(at("d3/sub")).value.type, FileType::Directory);
    }

    void moveToAnotherFileSystemCopiesFilesAndRefusesDirectories()
    {
        struct stat here = {}, there = {};
        QCOMPARE(::stat(m_dir.constData(), &here), 0);
        if (::stat("/dev/shm", &there) != 0 || here.st_dev == there.st_dev)
            QSKIP("needs /dev/shm on another file system than the temp directory");
        QVERIFY(gk::test::writeFile(m_dir + "/src", "payload", 0640));
        QVERIFY(gk::test::chownPath(m_dir + "/src", m_users.first.uid, m_users.first.gid));
        AttributeChange t;
        t.modified = qint64(1400000000) * 1000000000;
        QVERIFY(!files().changeAttributes(at("src"), t));
        const QByteArray target = "/dev/shm/gk-move-" + QByteArray::number(::getpid());
        QVERIFY(!files().move(at("src"), FilePath::fromBytes(target)));
        QCOMPARE(gk::test::readFile(target), QByteArray("payload"));
        const auto info = files().stat(FilePath::fromBytes(target));
        QCOMPARE(*info.value.mode, 0640u);
        QCOMPARE(*info.value.times.modified, *t.modified);
        QCOMPARE(info.value.owner.id, m_users.first.uid);
        QCOMPARE(files().stat(at("src")).error.kind, K::NotFound);
        QVERIFY(gk::test::writeFile(m_dir + "/again", "x"));
        QCOMPARE(files().move(at("again"), FilePath::fromBytes(target)).kind, K::Exists);
        QVERIFY(!files().removeFile(FilePath::fromBytes(target)));
        QVERIFY(!files().makeDirectory(at("dir")));
        QCOMPARE(files().move(at("dir"), FilePath::fromBytes(target)).kind, K::CrossDevice);
    }

    void noSpaceAbortsTheWriteAndKeepsTheOldTarget_data()
    {
        QTest::addColumn<bool>("unnamed");
        QTest::newRow("O_TMPFILE") << true;
        QTest::newRow("hidden temporary name") << false;
    }

    // Root only: a 64 KiB tmpfs, filled through an atomic write as the user.
    void noSpaceAbortsTheWriteAndKeepsTheOldTarget()
    {
        QFETCH(bool, unnamed);
        const QByteArray dir = m_dir + "/small";
        QCOMPARE(::mkdir(dir.constData(), 0755), 0);
        gk::test::TmpfsMount small;
        QString why;
        if (!small.mount(dir, "size=64k,mode=0755" + ownedByFirstUser(), &why))
            QSKIP(qPrintable(why));
        QVERIFY(gk::test::writeFile(dir + "/target", "old contents"));
        QVERIFY(gk::test::chownPath(dir + "/target", m_users.first.uid, m_users.first.gid));
        const qint64 freeBefore = small.freeBytes();
        QVERIFY(freeBefore > 0);

        linuxos::LinuxAtomicFileWriter::setUnnamedFilesEnabled(unnamed);
        const auto restore =
            qScopeGuard([] { linuxos::LinuxAtomicFileWriter::setUnnamedFilesEnabled(true); });
        const FilePath target = FilePath::fromBytes(dir + "/target");
        auto writer = files().openWrite(target);
        QVERIFY2(writer.ok(), qPrintable(writer.error.message));
        QCOMPARE(entries(dir).size(), unnamed ? 1 : 2); // the hidden name while writing
        const QByteArray chunk(4096, 'x');
        PlatformError e;
        for (int i = 0; i < 1024 && !e; ++i) // up to 4 MiB into 64 KiB
            e = writer.value->write(chunk);
        QCOMPARE(e.kind, K::NoSpace);
        QCOMPARE(e.nativeCode, ENOSPC);
        QVERIFY2(e.message.contains(target.toString()), qPrintable(e.message));
        // The failed write aborted the writer: nothing to commit.
        QVERIFY(writer.value->commit());
        writer.value.reset();
        QCOMPARE(entries(dir), QStringList{QStringLiteral("target")});
        QCOMPARE(gk::test::readFile(dir + "/target"), QByteArray("old contents"));
        QCOMPARE(small.freeBytes(), freeBefore); // no unnamed file kept either

        // With the space back, a write that fits replaces the target.
        auto again = files().openWrite(target);
        QVERIFY(again.ok());
        QVERIFY(!again.value->write("new contents"));
        QVERIFY(!again.value->commit());
        QCOMPARE(gk::test::readFile(dir + "/target"), QByteArray("new contents"));
        QCOMPARE(entries(dir), QStringList{QStringLiteral("target")});
    }

    // Root only: a mount point cannot be removed or renamed (EBUSY).
    void removingOrMovingAMountPointIsBusy()
    {
        QVERIFY(!files().makeDirectory(at("mnt")));
        gk::test::TmpfsMount mounted;
        QString why;
        if (!mounted.mount(m_dir + "/mnt", "size=16k,mode=0755" + ownedByFirstUser(), &why))
            QSKIP(qPrintable(why));
        const PlatformError removed = files().removeDirectory(at("mnt"), RemoveMode::EmptyOnly);
        QCOMPARE(removed.kind, K::Busy);
        QCOMPARE(removed.nativeCode, EBUSY);
        QVERIFY(removed.message.contains(QLatin1String("mnt")));
        const PlatformError moved = files().move(at("mnt"), at("elsewhere"));
        QCOMPARE(moved.kind, K::Busy);
        QCOMPARE(moved.nativeCode, EBUSY);
        QCOMPARE(files().stat(at("mnt")).value.type, FileType::Directory);
        QCOMPARE(files().stat(at("elsewhere")).error.kind, K::NotFound);
    }

    void symlinkLoopIsTooMany()
    {
        QCOMPARE(::symlink("loop-b", (m_dir + "/loop-a").constData()), 0);
        QCOMPARE(::symlink("loop-a", (m_dir + "/loop-b").constData()), 0);
        const auto followed = files().stat(at("loop-a"), true);
        QCOMPARE(followed.error.kind, K::TooMany);
        QCOMPARE(followed.error.nativeCode, ELOOP);
        QVERIFY(followed.error.message.contains(QLatin1String("loop-a")));
        QCOMPARE(files().openRead(at("loop-a")).error.kind, K::TooMany);
        QCOMPARE(files().makeDirectory(at("loop-a/sub")).kind, K::TooMany);
        QCOMPARE(files().makeDirectory(at("loop-b/sub"), true).kind, K::TooMany);
        // The link itself, not followed, is fine.
        QCOMPARE(files().stat(at("loop-a")).value.type, FileType::Symlink);
        QVERIFY(!files().removeFile(at("loop-a")));
    }

    // Out of file descriptors (EMFILE): the process's soft limit is lowered
    // and filled for the length of one call, then put back.
    void runningOutOfDescriptorsIsTooMany()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/f", "x"));
        struct rlimit old = {};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &old), 0);
        std::vector<int> fillers;
        const auto release = qScopeGuard([&] {
            for (int fd : fillers)
                ::close(fd);
            ::setrlimit(RLIMIT_NOFILE, &old);
        });
        struct rlimit low = old;
        low.rlim_cur = std::min<rlim_t>(old.rlim_cur, 512);
        QCOMPARE(::setrlimit(RLIMIT_NOFILE, &low), 0);
        for (int i = 0; i < 1024; ++i) {
            const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                QCOMPARE(errno, EMFILE);
                break;
            }
            fillers.push_back(fd);
        }
        const auto r = files().openRead(at("f"));
        QCOMPARE(r.error.kind, K::TooMany);
        QCOMPARE(r.error.nativeCode, EMFILE);
        for (int fd : fillers)
            ::close(fd);
        fillers.clear();
        QVERIFY(files().openRead(at("f")).ok());
    }

    void createTemporaryHonoursPrefixSuffixAndDirectory()
    {
        TempRequest file;
        file.prefix = "pre-";
        file.suffix = ".suf";
        file.directory = FilePath::fromBytes(m_dir);
        const auto f = files().createTemporary(file);
        QVERIFY2(f.ok(), qPrintable(f.error.message));
        QCOMPARE(f.value.parent().bytes(), m_dir);
        QVERIFY(f.value.fileName().startsWith("pre-"));
        QVERIFY(f.value.fileName().endsWith(".suf"));
        QVERIFY(f.value.fileName().size() > 8);
        const auto fi = files().stat(f.value);
        QCOMPARE(fi.value.type, FileType::Regular);
        QCOMPARE(*fi.value.mode, 0600u);
        QCOMPARE(fi.value.owner.id, m_users.first.uid);

        TempRequest dir = file;
        dir.kind = TempRequest::Kind::Directory;
        const auto d = files().createTemporary(dir);
        QVERIFY(d.ok());
        QVERIFY(d.value != f.value);
        QCOMPARE(files().stat(d.value).value.type, FileType::Directory);
        QCOMPARE(*files().stat(d.value).value.mode, 0700u);

        TempRequest inTmp;
        const auto t = files().createTemporary(inTmp);
        QVERIFY(t.ok());
        QCOMPARE(t.value.parent(), files().tempDirectory());
        QVERIFY(!files().removeFile(t.value));

        TempRequest bad;
        bad.prefix = "../x";
        QCOMPARE(files().createTemporary(bad).error.kind, K::InvalidName);
        TempRequest denied;
        denied.directory = FilePath::fromBytes("/root");
        QCOMPARE(files().createTemporary(denied).error.kind, K::PermissionDenied);
    }

    // vmtoolsd's default directory for a temporary file (vixTools.c
    // VixToolsGetTempFile -> File_GetSafeRandomTmpDir(TRUE), as the user):
    // /tmp/vmware-<user>_<daemon pid>-<number>, the user's own, mode 0700.
    void defaultTempDirectoryIsTheUsersOwnAsVmtoolsdMakesIt()
    {
        const auto cleanup = qScopeGuard([] { removeSafeTempDirs(); });
        const QByteArray pid = QByteArray::number(::getpid());
        const QByteArray dir = files().tempDirectory().bytes();
        const QByteArray prefix = "/tmp/vmware-gktest_" + pid + "-";
        QVERIFY2(dir.startsWith(prefix), dir.constData());
        bool numeric = false;
        dir.mid(prefix.size()).toUInt(&numeric);
        QVERIFY2(numeric, dir.constData());
        verifyPrivateTo(dir, m_users.first.uid);
        QCOMPARE(files().tempDirectory().bytes(), dir);
        const auto made = files().createTemporary(TempRequest{});
        QVERIFY2(made.ok(), qPrintable(made.error.message));
        QCOMPARE(made.value.parent().bytes(), dir);
        // Each user has their own, closed to the others.
        SessionFiles &second = m_users.secondSession->files();
        const QByteArray other = second.tempDirectory().bytes();
        QVERIFY2(other.startsWith("/tmp/vmware-gktest2_" + pid + "-"), other.constData());
        verifyPrivateTo(other, m_users.second.uid);
        QCOMPARE(second.stat(made.value).error.kind, K::PermissionDenied);
        // Deleted meanwhile: made again under the same name.
        QVERIFY(QDir(QFile::decodeName(dir)).removeRecursively());
        QCOMPARE(files().tempDirectory().bytes(), dir);
        verifyPrivateTo(dir, m_users.first.uid);
        // A new session of the same daemon finds it again.
        const auto again = freshSession();
        QVERIFY(again);
        QCOMPARE(again->files().tempDirectory().bytes(), dir);
        // One that is no longer private, a symlink to a private directory and
        // another user's directory with the prefix are all passed over.
        QVERIFY(gk::test::chmodPath(dir, 0755));
        QCOMPARE(::symlink(m_dir.constData(), (prefix + "1").constData()), 0);
        QVERIFY(gk::test::chmodPath(m_dir, 0700));
        QCOMPARE(::mkdir((prefix + "2").constData(), 0700), 0); // root's
        const QByteArray fresh = files().tempDirectory().bytes();
        QVERIFY2(fresh.startsWith(prefix) && fresh != dir && fresh != prefix + "1" &&
                     fresh != prefix + "2",
                 fresh.constData());
        verifyPrivateTo(fresh, m_users.first.uid);
    }

    // vmtoolsd takes the first of $TMPDIR, /tmp, ~ that the user may write.
    void defaultTempDirectoryHonoursTmpdirTheUserMayWrite()
    {
        const QByteArray saved = qgetenv("TMPDIR");
        const bool had = qEnvironmentVariableIsSet("TMPDIR");
        const auto cleanup = qScopeGuard([&] {
            if (had)
                qputenv("TMPDIR", saved);
            else
                qunsetenv("TMPDIR");
            removeSafeTempDirs();
        });
        const QByteArray prefix = "/vmware-gktest_" + QByteArray::number(::getpid()) + "-";
        qputenv("TMPDIR", m_dir); // the user's
        const auto session = freshSession();
        QVERIFY(session);
        const QByteArray inTmpdir = session->files().tempDirectory().bytes();
        QVERIFY2(inTmpdir.startsWith(m_dir + prefix), inTmpdir.constData());
        verifyPrivateTo(inTmpdir, m_users.first.uid);
        QVERIFY(gk::test::chmodPath(m_dir, 0555)); // not writable: /tmp
        const auto later = freshSession();
        QVERIFY(later);
        const QByteArray inTmp = later->files().tempDirectory().bytes();
        QVERIFY2(inTmp.startsWith("/tmp" + prefix), inTmp.constData());
        QVERIFY(gk::test::chmodPath(m_dir, 0755));
    }

    void changeAttributesSetsModeOwnerAndTimes()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/f", "x"));
        QVERIFY(gk::test::chownPath(m_dir + "/f", m_users.first.uid, m_users.first.gid));
        AttributeChange mode;
        mode.mode = 0751;
        QVERIFY(!files().changeAttributes(at("f"), mode));
        QCOMPARE(*files().stat(at("f")).value.mode, 0751u);
        // Only root may give a file away: the daemon session can.
        AttributeChange owner;
        owner.owner = FileOwner::fromId(m_users.second.uid);
        owner.group = FileOwner::fromId(m_users.second.gid);
        QCOMPARE(files().changeAttributes(at("f"), owner).kind, K::PermissionDenied);
        const auto daemon = m_users.authenticator->daemonSession();
        QVERIFY(!daemon->files().changeAttributes(at("f"), owner));
        const auto after = files().stat(at("f"));
        QCOMPARE(after.value.owner.id, m_users.second.uid);
        QCOMPARE(after.value.group.id, m_users.second.gid);
        QCOMPARE(after.value.owner.name, m_users.second.name);
        AttributeChange hidden;
        hidden.hidden = true;
        QCOMPARE(files().changeAttributes(at("f"), hidden).kind, K::NotSupported);
        QCOMPARE(files().changeAttributes(at("nope"), mode).kind, K::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestPlatformFiles)
#include "tst_platform_files.moc"
