// Streaming: paged listings of large directories, positional reads past
// 4 GiB, atomic writes, and names that are awkward for every layer.
#include "DirtyPages.h"
#include "PlatformFixture.h"
#include "linux/LinuxAtomicFileWriter.h"
#include "linux/PositionRangeCount.h"

#include <QDir>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

using namespace gk::platform;
using K = PlatformError::Kind;

class TestPlatformStreams : public QObject
{
    Q_OBJECT
private:
    gk::test::TwoUsers m_users;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QByteArray m_dir;
    int m_counter = 0;

    SessionFiles &files() { return m_users.firstSession->files(); }
    FilePath at(const QByteArray &name) const { return FilePath::fromBytes(m_dir + "/" + name); }
    QList<QByteArray> namesIn(const QByteArray &dir)
    {
        QList<QByteArray> names;
        auto lister = files().list(FilePath::fromBytes(dir));
        if (!lister.ok())
            return names;
        for (;;) {
            const auto batch = lister.value->nextBatch(500);
            if (!batch.ok() || batch.value.isEmpty())
                break;
            for (const FileInfo &i : batch.value)
                names << i.name;
        }
        return names;
    }

    // Empty files entry-0 ... entry-(count - 1) in the test's directory.
    bool makeEntries(int count)
    {
        for (int i = 0; i < count; ++i) {
            const QByteArray name = m_dir + "/entry-" + QByteArray::number(i);
            const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            if (fd < 0)
                return false;
            ::close(fd);
        }
        return true;
    }

    static bool run(const char *program, const QList<QByteArray> &args, QString *why)
    {
        QStringList list;
        for (const QByteArray &a : args)
            list << QFile::decodeName(a);
        return gk::test::runCommand(QString::fromLatin1(program), list, why);
    }

    // The test directory holds `count` entries, `ones` of them named
    // "entry-1...": the split count (each range starting where `starts`
    // say, and as guestkitd splits it) finds each entry once.
    void checkSplitCounts(const std::vector<std::vector<qint64>> &starts, qint64 count, qint64 ones)
    {
        const int dirFd = ::open(m_dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(dirFd >= 0);
        auto closeDir = qScopeGuard([dirFd] { ::close(dirFd); });
        // Each thread's own test; "entry-1", "entry-1x" ... "entry-1xxxx".
        const auto onesTest = []() -> linuxos::NameTest {
            return [](const char *name) {
                return std::strncmp(name, "entry-1", 7) == 0;
            };
        };
        // Every name once, whatever the number of ranges the CPUs give.
        const std::optional<qint64> all = linuxos::countByPositionRanges(dirFd, {});
        QVERIFY2(all.has_value() || QThread::idealThreadCount() < 2, "not split");
        if (all)
            QCOMPARE(*all, count);
        if (const std::optional<qint64> some = linuxos::countByPositionRanges(dirFd, onesTest))
            QCOMPARE(*some, ones);
        for (const std::vector<qint64> &s : starts) {
            const QByteArray where = QByteArray::number(qsizetype(s.size())) + " ranges to " +
                                     QByteArray::number(s.back());
            const std::optional<qint64> over = linuxos::countOverRanges(dirFd, s, {});
            QVERIFY2(over.has_value(), where.constData());
            QVERIFY2(*over == count, (where + ": " + QByteArray::number(*over)).constData());
            const std::optional<qint64> some = linuxos::countOverRanges(dirFd, s, onesTest);
            QVERIFY2(some.has_value() && *some == ones, where.constData());
        }
        // The descriptor it was given still reads from the start.
        QCOMPARE(::lseek(dirFd, 0, SEEK_CUR), off_t(0));

        // Through a lister as the user: the pattern, and from a later place.
        auto filtered = files().list(FilePath::fromBytes(m_dir),
                                     QRegularExpression(QStringLiteral("^entry-1")));
        QVERIFY(filtered.ok());
        QCOMPARE(filtered.value->countToEnd().value, ones);
        QVERIFY(filtered.value->atEnd());
        QVERIFY(filtered.value->nextBatch(10).value.isEmpty());
        auto partway = files().list(FilePath::fromBytes(m_dir));
        QCOMPARE(partway.value->nextBatch(10).value.size(), 10);
        QCOMPARE(partway.value->countToEnd().value, count - 10);

        // A small directory is counted in one pass.
        const QByteArray small = m_dir + "/small";
        QCOMPARE(::mkdir(small.constData(), 0755), 0);
        const int smallFd = ::open(small.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        QVERIFY(!linuxos::countByPositionRanges(smallFd, {}).has_value());
        ::close(smallFd);
        QCOMPARE(::rmdir(small.constData()), 0);
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

    void listFilesPagesThroughLargeDirectory()
    {
        const int count = 20000;
        QVERIFY(makeEntries(count));
        // Pages of 997 (not a divisor of the count) on one kept lister.
        auto lister = files().list(FilePath::fromBytes(m_dir));
        QVERIFY(lister.ok());
        QSet<QByteArray> seen;
        QList<QByteArray> order;
        int pages = 0;
        for (;;) {
            const auto batch = lister.value->nextBatch(997);
            QVERIFY(batch.ok());
            if (batch.value.isEmpty())
                break;
            QVERIFY(batch.value.size() <= 997);
            ++pages;
            for (const FileInfo &i : batch.value) {
                QVERIFY2(!seen.contains(i.name), i.name.constData());
                seen.insert(i.name);
                order << i.name;
                QCOMPARE(i.type, FileType::Regular);
            }
        }
        QCOMPARE(seen.size(), count);
        QCOMPARE(pages, (count + 996) / 997);
        for (int i = 0; i < count; ++i)
            QVERIFY(seen.contains("entry-" + QByteArray::number(i)));

        // VIX-style paging: a fresh lister, skip(index), then maxResults.
        auto paged = files().list(FilePath::fromBytes(m_dir));
        QCOMPARE(paged.value->skip(15000).value, 15000);
        const auto page = paged.value->nextBatch(10);
        QCOMPARE(page.value.size(), 10);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(page.value.at(i).name, order.at(15000 + i));
        QCOMPARE(paged.value->skip(100000).value, count - 15010);
        QVERIFY(paged.value->nextBatch(10).value.isEmpty());
    }

    void countToEndSplitsALargeIndexedExt4DirectoryByHash()
    {
        struct statfs fs;
        QCOMPARE(::statfs(m_dir.constData(), &fs), 0);
        if (fs.f_type != 0xEF53)
            QSKIP("this temporary directory is not on ext4");
        QVERIFY(makeEntries(20000));
        // Hashes are 63 bits: ranges of one position hold no name at all.
        const qint64 far = qint64(1) << 40;
        checkSplitCounts({{0, 1, 2, far, far + 1, far + 2, qint64(1) << 62},
                          {0, std::numeric_limits<qint64>::max() - 1}},
                         20000, 11111);
    }

    // XFS lists a directory in the order of its data blocks, its positions
    // are byte offsets / 8. Needs root, xfsprogs and a loop device.
    void countToEndSplitsALargeXfsDirectoryByOffset()
    {
        QByteArray image = QFile::encodeName(m_tmp->path()) + "/xfs.img";
        QString why;
        if (!run("truncate", {"-s", "320M", image}, &why) ||
            !run("mkfs.xfs", {"-q", "-f", image}, &why))
            QFAIL(qPrintable(why)); // xfsprogs is one of the test dependencies
        if (!run("mount", {"-o", "loop", image, m_dir}, &why))
            QSKIP(qPrintable("no loop device to mount an XFS image on: " + why));
        auto unmount = qScopeGuard([&] { run("umount", {m_dir}, &why); });
        QVERIFY(gk::test::chownPath(m_dir, m_users.first.uid, m_users.first.gid));
        QVERIFY(makeEntries(20000));
        struct stat st;
        QCOMPARE(::stat(m_dir.constData(), &st), 0);
        const qint64 end = st.st_size / 8;
        // Starts inside entries, and past the last position.
        checkSplitCounts({{0, 3, end / 3 + 1, end / 3 + 2, end / 2 + 5, end + 100}}, 20000, 11111);

        // Freed data blocks in the middle: ranges that start in the hole,
        // and ranges wholly inside it.
        for (int i = 5000; i < 15000; ++i)
            QCOMPARE(::unlink((m_dir + "/entry-" + QByteArray::number(i)).constData()), 0);
        QCOMPARE(::stat(m_dir.constData(), &st), 0);
        QVERIFY(st.st_size / 8 == end); // the data space keeps its length
        checkSplitCounts({{0, end / 3, end / 3 + 7, end / 2, end / 2 + 1, end / 2 + 2}}, 10000,
                         1 + 10 + 100 + 1000 + 5000);
        unmount.dismiss();
        QVERIFY2(run("umount", {m_dir}, &why), qPrintable(why));
    }

    void awkwardNamesRoundTrip()
    {
        const QList<QByteArray> names = {QByteArray("with spaces  "), QByteArray("new\nline"),
                                         QByteArray("\xff\xfe\x80 not utf8", 12),
                                         QByteArray(255, 'n'), QByteArray("\xc3\xa9t\xc3\xa9")};
        for (const QByteArray &name : names) {
            auto w = files().openWrite(at(name));
            QVERIFY2(w.ok(), qPrintable(w.error.message));
            QVERIFY(!w.value->write(name));
            QVERIFY(!w.value->commit());
            const auto info = files().stat(at(name));
            QVERIFY(info.ok());
            QCOMPARE(info.value.name, name);
            auto r = files().openRead(at(name));
            QCOMPARE(r.value->read(0, 1000).value, name);
        }
        QList<QByteArray> listed = namesIn(m_dir);
        QList<QByteArray> expected = names;
        std::sort(listed.begin(), listed.end());
        std::sort(expected.begin(), expected.end());
        QCOMPARE(listed, expected);
        QVERIFY(!files().move(at(names.at(2)), at(names.at(1) + "2")));
        QCOMPARE(files().stat(at(names.at(1) + "2")).value.size, names.at(2).size());
        QCOMPARE(files().openWrite(at(QByteArray(256, 'n'))).error.kind, K::NameTooLong);
        QCOMPARE(files().makeDirectory(at(QByteArray(256, 'd'))).kind, K::NameTooLong);
    }

    void readerUsesSixtyFourBitOffsets()
    {
        const qint64 size = (qint64(5) << 30) + 10;
        const QByteArray path = m_dir + "/big";
        const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::ftruncate(fd, off_t(size)), 0);
        QCOMPARE(::pwrite(fd, "tail-bytes", 10, off_t(size - 10)), 10);
        ::close(fd);
        auto r = files().openRead(FilePath::fromBytes(path));
        QVERIFY(r.ok());
        QCOMPARE(r.value->info().value.size, size);
        QCOMPARE(r.value->read(size - 10, 100).value, QByteArray("tail-bytes"));
        QCOMPARE(r.value->read(size - 4, 2).value, QByteArray("yt"));
        QVERIFY(r.value->read(size, 100).value.isEmpty());
        QCOMPARE(r.value->read(-1, 1).error.kind, K::InvalidArgument);
        QCOMPARE(r.value->read(0, qint64(1) << 40).error.kind, K::InvalidArgument);
    }

    void readerRefusesDirectoriesAndUnreadableFiles()
    {
        QCOMPARE(files().openRead(FilePath::fromBytes(m_dir)).error.kind, K::IsADirectory);
        QVERIFY(gk::test::writeFile(m_dir + "/secret", "s", 0600));
        QCOMPARE(files().openRead(at("secret")).error.kind, K::PermissionDenied);
        QCOMPARE(::mkfifo((m_dir + "/fifo").constData(), 0666), 0);
        QCOMPARE(files().openRead(at("fifo")).error.kind, K::InvalidArgument);
        QCOMPARE(files().openRead(at("missing")).error.kind, K::NotFound);
    }

    void abortedWriteLeavesOldFileAndNoTemporary()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/target", "old content", 0640));
        {
            auto w = files().openWrite(at("target"));
            QVERIFY(w.ok());
            QVERIFY(!w.value->write(QByteArray(100000, 'n')));
            QCOMPARE(w.value->bytesWritten(), 100000);
            // Destroyed without commit.
        }
        QCOMPARE(gk::test::readFile(m_dir + "/target"), QByteArray("old content"));
        QCOMPARE(namesIn(m_dir), QList<QByteArray>{"target"});
        {
            auto w = files().openWrite(at("fresh"));
            QVERIFY(!w.value->write("partial"));
            w.value->abort();
            QCOMPARE(w.value->write("more").kind, K::InvalidArgument);
            QCOMPARE(w.value->commit().kind, K::InvalidArgument);
        }
        QCOMPARE(namesIn(m_dir), QList<QByteArray>{"target"});
    }

    void withoutUnnamedFilesAbortedAndCommittedWritesLeaveNoTemporary()
    {
        gk::platform::linuxos::LinuxAtomicFileWriter::setUnnamedFilesEnabled(false);
        QVERIFY(gk::test::writeFile(m_dir + "/target", "old", 0640));
        {
            auto w = files().openWrite(at("target"));
            QVERIFY(w.ok());
            QVERIFY(!w.value->write("half"));
            // The hidden temporary exists while writing...
            QCOMPARE(namesIn(m_dir).size(), 2);
        }
        // ...and is gone after the abort.
        QCOMPARE(namesIn(m_dir), QList<QByteArray>{"target"});
        QCOMPARE(gk::test::readFile(m_dir + "/target"), QByteArray("old"));
        auto w = files().openWrite(at("target"));
        QVERIFY(!w.value->write("new"));
        QVERIFY(!w.value->commit());
        QCOMPARE(gk::test::readFile(m_dir + "/target"), QByteArray("new"));
        QCOMPARE(files().stat(at("target")).value.owner.id, m_users.first.uid);
        WriteOptions noOverwrite;
        noOverwrite.overwrite = false;
        auto late = files().openWrite(at("late"), noOverwrite);
        QVERIFY(gk::test::writeFile(m_dir + "/late", "theirs"));
        QCOMPARE(late.value->commit().kind, K::Exists);
        late.value.reset();
        gk::platform::linuxos::LinuxAtomicFileWriter::setUnnamedFilesEnabled(true);
        QList<QByteArray> names = namesIn(m_dir);
        std::sort(names.begin(), names.end());
        QCOMPARE(names, (QList<QByteArray>{"late", "target"}));
        QCOMPARE(gk::test::readFile(m_dir + "/late"), QByteArray("theirs"));
    }

    void committedWriteReplacesTargetKeepingItsMode()
    {
        QVERIFY(gk::test::writeFile(m_dir + "/target", "old", 0640));
        QVERIFY(gk::test::chownPath(m_dir + "/target", m_users.first.uid, m_users.first.gid));
        auto w = files().openWrite(at("target"));
        QVERIFY(!w.value->write("new "));
        QVERIFY(!w.value->write("content"));
        // Not visible until commit.
        QCOMPARE(gk::test::readFile(m_dir + "/target"), QByteArray("old"));
        QVERIFY(!w.value->commit());
        QCOMPARE(gk::test::readFile(m_dir + "/target"), QByteArray("new content"));
        const auto info = files().stat(at("target"));
        QCOMPARE(*info.value.mode, 0640u);
        QCOMPARE(info.value.owner.id, m_users.first.uid);
        QCOMPARE(namesIn(m_dir), QList<QByteArray>{"target"});

        WriteOptions fresh;
        fresh.mode = 0600;
        auto n = files().openWrite(at("new"), fresh);
        QVERIFY(!n.value->commit());
        QCOMPARE(*files().stat(at("new")).value.mode, 0600u);
        QCOMPARE(files().stat(at("new")).value.size, 0);
    }

    // A large file that a commit replaces is held past the rename and freed
    // on another thread (linux/ReplacedFile.h): freed all the same, nothing
    // left open.
    void aLargeFileReplacedByACommitIsFreedAfterIt()
    {
        gk::test::TmpfsMount mounted;
        QString why;
        const QByteArray owner = ",uid=" + QByteArray::number(m_users.first.uid) +
                                 ",gid=" + QByteArray::number(m_users.first.gid);
        if (!mounted.mount(m_dir, "size=64m,mode=0755" + owner, &why))
            QSKIP(qPrintable(why));
        const qsizetype size = 24 * 1024 * 1024;
        QVERIFY(gk::test::writeFile(m_dir + "/target", QByteArray(size, 'o')));
        QVERIFY(gk::test::chownPath(m_dir + "/target", m_users.first.uid, m_users.first.gid));
        const qint64 freeWithOld = mounted.freeBytes();
        const auto openFiles = [] {
            return QDir(QStringLiteral("/proc/self/fd")).count();
        };
        const uint filesBefore = openFiles();
        auto w = files().openWrite(at("target"));
        QVERIFY(w.ok());
        QVERIFY(!w.value->write(QByteArray(size, 'n')));
        QVERIFY(mounted.freeBytes() <= freeWithOld - size); // both files are there
        QVERIFY(!w.value->commit());
        w.value.reset();
        QCOMPARE(files().stat(at("target")).value.size, qint64(size));
        QCOMPARE(files().openRead(at("target")).value->read(size - 1, 1).value, QByteArray("n"));
        QTRY_COMPARE(mounted.freeBytes(), freeWithOld);
        QTRY_COMPARE(openFiles(), filesBefore);
    }

    void durableCommitLeavesNoDirtyPageAndAQuickOneMay()
    {
        const QByteArray data(1024 * 1024, 'd');
        auto durable = files().openWrite(at("durable"));
        QVERIFY(!durable.value->write(data));
        QVERIFY(!durable.value->commit());
        const int afterDurable = dirtyPageCount(m_dir + "/durable");
        if (afterDurable < 0)
            QSKIP("cannot read page flags (needs root, /proc/kpageflags and a disk)");
        QCOMPARE(afterDurable, 0);
        // Not durable: the commit does not wait for the disk. Write-back of
        // a just-written megabyte starts 30 s later (dirty_expire_centisecs).
        WriteOptions quick;
        quick.durable = false;
        auto fast = files().openWrite(at("quick"), quick);
        QVERIFY(!fast.value->write(data));
        QVERIFY(!fast.value->commit());
        QVERIFY(dirtyPageCount(m_dir + "/quick") > 0);
        QCOMPARE(gk::test::readFile(m_dir + "/quick"), data);
    }

    void writeWithoutOverwriteFailsWhenTargetExistsOrAppears()
    {
        WriteOptions noOverwrite;
        noOverwrite.overwrite = false;
        QVERIFY(gk::test::writeFile(m_dir + "/exists", "keep"));
        QCOMPARE(files().openWrite(at("exists"), noOverwrite).error.kind, K::Exists);
        auto w = files().openWrite(at("later"), noOverwrite);
        QVERIFY(w.ok());
        QVERIFY(!w.value->write("mine"));
        QVERIFY(gk::test::writeFile(m_dir + "/later", "theirs"));
        QCOMPARE(w.value->commit().kind, K::Exists);
        QCOMPARE(gk::test::readFile(m_dir + "/later"), QByteArray("theirs"));
        w.value.reset();
        QList<QByteArray> names = namesIn(m_dir);
        std::sort(names.begin(), names.end());
        QCOMPARE(names, (QList<QByteArray>{"exists", "later"}));
        QVERIFY(!files().makeDirectory(at("dir")));
        QCOMPARE(files().openWrite(at("dir")).error.kind, K::IsADirectory);
    }

    void inPlaceWriteTakesItsNameAtOnceAndAbortRemovesIt()
    {
        WriteOptions inPlace;
        inPlace.createInPlace = true;
        inPlace.mode = 0640;
        {
            auto w = files().openWrite(at("staged"), inPlace);
            QVERIFY(w.ok());
            QVERIFY(!w.value->write("half"));
            QCOMPARE(namesIn(m_dir), QList<QByteArray>{"staged"});
            // Destroyed without commit: the name goes again.
        }
        QVERIFY(namesIn(m_dir).isEmpty());
        auto w = files().openWrite(at("staged"), inPlace);
        QVERIFY(!w.value->write("whole"));
        QVERIFY(!w.value->commit());
        QCOMPARE(gk::test::readFile(m_dir + "/staged"), QByteArray("whole"));
        const auto info = files().stat(at("staged"));
        QCOMPARE(*info.value.mode, 0640u);
        QCOMPARE(info.value.owner.id, m_users.first.uid);
        // The name must be new, and a symlink there is not followed.
        QCOMPARE(files().openWrite(at("staged"), inPlace).error.kind, K::Exists);
        QCOMPARE(::symlink("elsewhere", (m_dir + "/link").constData()), 0);
        QCOMPARE(files().openWrite(at("link"), inPlace).error.kind, K::Exists);
        QVERIFY(!QFile::exists(QFile::decodeName(m_dir + "/elsewhere")));
        QCOMPARE(gk::test::readFile(m_dir + "/staged"), QByteArray("whole"));
    }

    void attributesGivenForCommitSurviveTheLastWrite()
    {
        // A write clears set-id bits and moves the modification time, so
        // both are applied after it: in place and through the unnamed file.
        for (const bool inPlace : {true, false}) {
            WriteOptions options;
            options.createInPlace = inPlace;
            options.mode = 0700;
            AttributeChange change;
            change.mode = 02750; // the group's own set-gid bit: the user may set it
            change.modified = 1700000000123456789LL;
            change.accessed = 1600000000000000000LL;
            options.onCommit = change;
            const QByteArray name = inPlace ? "in-place" : "unnamed";
            auto w = files().openWrite(at(name), options);
            QVERIFY(w.ok());
            QVERIFY(!w.value->write(QByteArray(70000, 'x')));
            QVERIFY(!w.value->commit());
            struct stat st = {};
            QCOMPARE(::stat((m_dir + "/" + name).constData(), &st), 0);
            QCOMPARE(st.st_mode & 07777, mode_t(02750));
            QCOMPARE(qint64(st.st_mtim.tv_sec), qint64(1700000000));
            QCOMPARE(qint64(st.st_mtim.tv_nsec), qint64(123456789));
            QCOMPARE(qint64(st.st_atim.tv_sec), qint64(1600000000));
            QCOMPARE(qint64(st.st_size), qint64(70000));
        }
        // A change the file system refuses fails the commit and leaves no name.
        WriteOptions options;
        options.createInPlace = true;
        AttributeChange change;
        change.owner = FileOwner::fromId(0);
        options.onCommit = change;
        auto w = files().openWrite(at("refused"), options);
        QVERIFY(w.ok());
        QCOMPARE(w.value->commit().kind, K::PermissionDenied);
        QVERIFY(!QFile::exists(QFile::decodeName(m_dir + "/refused")));
    }
};

QTEST_GUILESS_MAIN(TestPlatformStreams)
#include "tst_platform_streams.moc"
