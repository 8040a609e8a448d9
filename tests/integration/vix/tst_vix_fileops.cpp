// Every file operation through the real guestkitd and the simulator, as the
// PAM test user (root only): successes, vmtoolsd's error codes, and that the
// kernel checks each access as that user.
#include "RemoveTree.h"
#include "TestUser.h"
#include "VixTestRig.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixFileRequests.h"
#include "vix/codec/VixRegistryRequests.h"
#include "vix/codec/VixTransferRequests.h"
#include "vmx/VixFileClient.h"
#include "vmx/VmxCommands.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace gk;
using namespace gk::vix;

class TestVixFileOps : public QObject
{
    Q_OBJECT
private:
    test::TestUser m_user;
    test::VixTestRig m_rig;
    QString m_base;     // owned by the test user
    QString m_rootOnly; // root, 0700
    QString m_rootDir;  // root, 0755, holds a root file
    int m_dirs = 0;

    vmx::VixClient client() { return m_rig.client({m_user.name, m_user.password, {}}); }
    vmx::VixCallResult call(quint32 op, const QByteArray &body)
    {
        vmx::VixClient c = client();
        return c.call(op, body);
    }
    VixError err(quint32 op, const QByteArray &body) { return call(op, body).reply.error; }

    static QByteArray b(const QString &s) { return QFile::encodeName(s); }
    static struct stat st(const QString &path)
    {
        struct stat s
        {};
        ::lstat(b(path).constData(), &s);
        return s;
    }
    static bool exists(const QString &path)
    {
        struct stat s
        {};
        return ::lstat(b(path).constData(), &s) == 0;
    }
    void makeFile(const QString &path, const QByteArray &data = "hello", bool userOwned = true)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
        f.close();
        if (userOwned)
            QCOMPARE(::chown(b(path).constData(), uid_t(m_user.uid), gid_t(m_user.gid)), 0);
    }
    // A fresh directory owned by the test user.
    QString freshDir()
    {
        const QString d = m_base + QStringLiteral("/d%1").arg(++m_dirs);
        ::mkdir(b(d).constData(), 0755);
        if (::chown(b(d).constData(), uid_t(m_user.uid), gid_t(m_user.gid)) != 0)
            return {};
        return d;
    }
    static QByteArray simple(const QString &path)
    {
        SimpleFileRequest r;
        r.path = path;
        return r.encode();
    }
    static QByteArray move(const QString &from, const QString &to, bool overwrite, bool ex = true)
    {
        MoveRequest r;
        r.oldPath = from;
        r.newPath = to;
        r.overwrite = overwrite;
        return r.encode(ex);
    }
    QList<vmx::GuestFileEntry> listAll(const QString &dir, const QString &pattern = {},
                                       int *requests = nullptr, qint32 maxResults = 1000)
    {
        vmx::VixClient c = client();
        QList<vmx::GuestFileEntry> out;
        const vmx::VixCallResult r =
            vmx::listGuestFiles(c, dir, pattern, maxResults, &out, requests);
        if (!r.ok())
            qWarning() << "ListFiles failed" << r.reply.error << r.problem;
        return out;
    }
    static QSet<QByteArray> names(const QList<vmx::GuestFileEntry> &list)
    {
        QSet<QByteArray> s;
        for (const auto &e : list)
            s.insert(e.name);
        return s;
    }
    vmx::CommandOutput vmxRun(const QString &command, const QStringList &args)
    {
        vmx::VmxSession session{m_rig.sim(), true, {m_user.name, m_user.password, {}}};
        return vmx::findVmxCommand(command)->run(session, args);
    }

private slots:
    void initTestCase()
    {
        QString why;
        if (!test::TestUser::isRoot())
            QSKIP("needs root: creates the test user and checks passwords with PAM");
        QVERIFY2(test::TestUser::ensure(&m_user, &why), qPrintable(why));
        QVERIFY2(test::ensurePamService(&why), qPrintable(why));
        QVERIFY2(m_rig.start("[auth]\nfailure_delay_ms = 200\n", &why), qPrintable(why));
        m_base = QStringLiteral("/tmp/gk-fileops-%1").arg(::getpid());
        QVERIFY(removeTree(b(m_base)));
        QVERIFY(::mkdir(b(m_base).constData(), 0755) == 0);
        QCOMPARE(::chown(b(m_base).constData(), uid_t(m_user.uid), gid_t(m_user.gid)), 0);
        m_rootOnly = m_base + QStringLiteral("/rootonly");
        QVERIFY(::mkdir(b(m_rootOnly).constData(), 0700) == 0);
        makeFile(m_rootOnly + QStringLiteral("/secret"), "x", false);
        m_rootDir = m_base + QStringLiteral("/rootdir");
        QVERIFY(::mkdir(b(m_rootDir).constData(), 0755) == 0);
        makeFile(m_rootDir + QStringLiteral("/f"), "root", false);
    }
    void cleanupTestCase() { QVERIFY(removeTree(b(m_base))); }

    void listFilesReportsDotEntriesAndAttributes()
    {
        const QString d = freshDir();
        makeFile(d + QStringLiteral("/file"), "12345");
        ::chmod(b(d + QStringLiteral("/file")).constData(), 0640);
        QVERIFY(::mkdir(b(d + QStringLiteral("/sub")).constData(), 0750) == 0);
        QVERIFY(::symlink("file", b(d + QStringLiteral("/link")).constData()) == 0);
        const auto list = listAll(d);
        QCOMPARE(list.size(), 5);
        QCOMPARE(list.at(0).name, QByteArray("."));
        QCOMPARE(list.at(1).name, QByteArray(".."));
        QCOMPARE(list.at(0).flags, VixFileAttr::Directory);
        for (const auto &e : list) {
            if (e.name == "file") {
                QCOMPARE(e.flags, 0);
                QCOMPARE(e.size, quint64(5));
                QCOMPARE(e.permissions, 0100640);
                QCOMPARE(e.uid, qint32(m_user.uid));
                QCOMPARE(e.modTime, quint64(st(d + QStringLiteral("/file")).st_mtime));
            } else if (e.name == "sub") {
                QCOMPARE(e.flags, VixFileAttr::Directory);
                QCOMPARE(e.permissions, 040750);
                QCOMPARE(e.uid, 0);
            } else if (e.name == "link") {
                // A link is only a link; owner and mode are its target's.
                QCOMPARE(e.flags, VixFileAttr::Symlink);
                QCOMPARE(e.size, quint64(0));
                QCOMPARE(e.symlinkTarget, QByteArray("file"));
                QCOMPARE(e.permissions, 0100640);
            }
        }
    }

    void listFilesPagesOver2500EntriesExactlyOnce()
    {
        const QString d = freshDir();
        for (int i = 0; i < 2600; ++i)
            makeFile(d + QStringLiteral("/entry-%1").arg(i), QByteArray(), false);
        int requests = 0;
        const auto list = listAll(d, {}, &requests, 1000);
        QCOMPARE(list.size(), 2602);
        QCOMPARE(names(list).size(), 2602);
        // 64 KiB hold ~300 entries: hostd's offset continuation was used.
        QVERIFY2(requests > 3, qPrintable(QString::number(requests)));
        // Small pages through the index alone give the same set.
        const auto small = listAll(d, {}, &requests, 7);
        QCOMPARE(names(small), names(list));
        QCOMPARE(small.size(), 2602);
    }

    void listFilesRemainingCountsWhatWasNotSent()
    {
        const QString d = freshDir();
        for (int i = 0; i < 20; ++i)
            makeFile(d + QStringLiteral("/n%1").arg(i));
        ListFilesRequest req;
        req.path = d;
        req.maxResults = 5;
        vmx::ListFilesPage page;
        QVERIFY(vmx::parseListFilesPage(call(VixOp::ListFiles, req.encode()).reply.result, &page));
        QCOMPARE(page.entries.size(), 5);
        QCOMPARE(page.remaining, 17);
        QVERIFY(!page.truncated);
        req.maxResults = 0;
        req.index = 3;
        QVERIFY(vmx::parseListFilesPage(call(VixOp::ListFiles, req.encode()).reply.result, &page));
        QCOMPARE(page.entries.size(), 0);
        QCOMPARE(page.remaining, 19);
        req.index = 20;
        req.maxResults = 50;
        QVERIFY(vmx::parseListFilesPage(call(VixOp::ListFiles, req.encode()).reply.result, &page));
        QCOMPARE(page.entries.size(), 2);
        QCOMPARE(page.remaining, 0);
        // The exact bytes vmtoolsd sends for an index past the end.
        req.index = 40;
        QCOMPARE(call(VixOp::ListFiles, req.encode()).reply.result, QByteArray("0 <rem>0</rem>"));
    }

    void listFilesPatternSelectsExactlyTheMatchingNames()
    {
        const QString d = freshDir();
        for (const char *n : {"x1", "x22", "ax3", "x4y", "y5"})
            makeFile(d + QLatin1Char('/') + QLatin1String(n));
        QCOMPARE(names(listAll(d, QStringLiteral("^x[0-9]+$"))), (QSet<QByteArray>{"x1", "x22"}));
        // Unanchored, as g_regex_match: "." matches every name, dots included.
        QCOMPARE(listAll(d, QStringLiteral("x")).size(), 4);
        QCOMPARE(listAll(d, QStringLiteral(".")).size(), 7);
        ListFilesRequest req;
        req.path = d;
        req.pattern = QStringLiteral("(");
        req.maxResults = 10;
        QCOMPARE(err(VixOp::ListFiles, req.encode()), VixErr::InvalidArg);
    }

    void listFilesErrorsAndSingleFiles()
    {
        ListFilesRequest req;
        req.maxResults = 10;
        req.path = m_base + QStringLiteral("/missing");
        QCOMPARE(err(VixOp::ListFiles, req.encode()), VixErr::FileNotFound);
        req.path = m_rootOnly;
        QCOMPARE(err(VixOp::ListFiles, req.encode()), VixErr::FileAccessError);
        req.path = m_rootOnly + QStringLiteral("/secret");
        QCOMPARE(err(VixOp::ListFiles, req.encode()), VixErr::FileAccessError);
        // A file lists as itself, named by the whole path.
        const QString d = freshDir();
        makeFile(d + QStringLiteral("/one"), "abc");
        const auto list = listAll(d + QStringLiteral("/one"));
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().name, b(d + QStringLiteral("/one")));
        QCOMPARE(list.first().size, quint64(3));
    }

    void oddNamesSurviveARoundTrip()
    {
        const QString d = freshDir();
        const QString spaced = QStringLiteral("a name with spaces & <xml> %41");
        const QString newline = QStringLiteral("line1\nline2");
        const QString longName(255, QLatin1Char('L'));
        for (const QString &n : {spaced, newline, longName})
            makeFile(d + QLatin1Char('/') + n);
        const QByteArray raw = "bad-\xff\xfe-utf8";
        {
            const QByteArray path = b(d) + '/' + raw;
            const int fd = ::open(path.constData(), O_CREAT | O_WRONLY, 0644);
            QVERIFY(fd >= 0);
            ::close(fd);
        }
        const QSet<QByteArray> listed = names(listAll(d));
        for (const QString &n : {spaced, newline, longName})
            QVERIFY2(listed.contains(n.toUtf8()), qPrintable(n));
        QVERIFY(listed.contains(raw));
        // Moved and deleted by the names the listing gave.
        for (const QString &n : {spaced, newline}) {
            QCOMPARE(err(VixOp::MoveGuestFileEx,
                         move(d + QLatin1Char('/') + n, d + QLatin1Char('/') + n + 'X', false)),
                     VixErr::Ok);
            QVERIFY(exists(d + QLatin1Char('/') + n + 'X'));
            QCOMPARE(err(VixOp::DeleteGuestFileEx, simple(d + QLatin1Char('/') + n + 'X')),
                     VixErr::Ok);
        }
        QCOMPARE(err(VixOp::DeleteGuestFileEx, simple(d + QLatin1Char('/') + longName)),
                 VixErr::Ok);
        const QString tooLong = d + QLatin1Char('/') + QString(256, QLatin1Char('M'));
        CreateDirectoryRequest mk;
        mk.path = tooLong;
        mk.createParentDirectories = false;
        QCOMPARE(err(VixOp::CreateDirectoryEx, mk.encode(true)), VixErr::FileNameTooLong);
    }

    void createDirectoryIsOwnedByTheUser()
    {
        const QString d = freshDir();
        CreateDirectoryRequest req;
        req.path = d + QStringLiteral("/new");
        req.createParentDirectories = false;
        QCOMPARE(err(VixOp::CreateDirectoryEx, req.encode(true)), VixErr::Ok);
        QCOMPARE(qint64(st(req.path).st_uid), m_user.uid);
        QCOMPARE(st(req.path).st_mode & 07777, mode_t(0700));
        QCOMPARE(err(VixOp::CreateDirectoryEx, req.encode(true)), VixErr::FileAlreadyExists);
        req.path = d + QStringLiteral("/p/q/r");
        QCOMPARE(err(VixOp::CreateDirectoryEx, req.encode(true)), VixErr::FileNotFound);
        req.createParentDirectories = true;
        QCOMPARE(err(VixOp::CreateDirectoryEx, req.encode(true)), VixErr::Ok);
        QVERIFY(QFileInfo(req.path).isDir());
        // The old opcode always creates the parents.
        req.path = d + QStringLiteral("/old/a/b");
        QCOMPARE(err(VixOp::CreateDirectory, req.encode(false)), VixErr::Ok);
        req.path = m_rootOnly + QStringLiteral("/nope");
        QCOMPARE(err(VixOp::CreateDirectoryEx, req.encode(true)), VixErr::FileAccessError);
        QVERIFY(!exists(req.path));
        req.path = m_rootDir + QStringLiteral("/f/under-a-file");
        QCOMPARE(err(VixOp::CreateDirectoryEx, req.encode(true)), VixErr::NotADirectory);
    }

    void deleteFileOperationsAndErrors()
    {
        const QString d = freshDir();
        makeFile(d + QStringLiteral("/f"));
        QCOMPARE(err(VixOp::DeleteGuestFileEx, simple(d + QStringLiteral("/f"))), VixErr::Ok);
        QVERIFY(!exists(d + QStringLiteral("/f")));
        QCOMPARE(err(VixOp::DeleteGuestFileEx, simple(d + QStringLiteral("/f"))),
                 VixErr::FileNotFound);
        QCOMPARE(err(VixOp::DeleteGuestFile, simple(d)), VixErr::NotAFile);
        // A dangling link is removed, not followed.
        QVERIFY(::symlink("nowhere", b(d + QStringLiteral("/dangling")).constData()) == 0);
        QCOMPARE(err(VixOp::DeleteGuestFile, simple(d + QStringLiteral("/dangling"))), VixErr::Ok);
        // Outside the user's rights: refused, nothing changes.
        QCOMPARE(err(VixOp::DeleteGuestFileEx, simple(m_rootDir + QStringLiteral("/f"))),
                 VixErr::FileAccessError);
        QVERIFY(exists(m_rootDir + QStringLiteral("/f")));
        QCOMPARE(err(VixOp::DeleteGuestFileEx, simple(m_rootOnly + QStringLiteral("/secret"))),
                 VixErr::FileAccessError);
        QVERIFY(exists(m_rootOnly + QStringLiteral("/secret")));
    }

    void deleteDirectoryOperationsAndErrors()
    {
        const QString d = freshDir();
        CreateDirectoryRequest mk;
        mk.path = d + QStringLiteral("/t/u");
        QCOMPARE(err(VixOp::CreateDirectoryEx, mk.encode(true)), VixErr::Ok);
        makeFile(d + QStringLiteral("/t/u/file"));
        DeleteDirectoryRequest req;
        req.path = d + QStringLiteral("/t");
        req.recursive = false;
        QCOMPARE(err(VixOp::DeleteGuestDirectoryEx, req.encode()), VixErr::DirectoryNotEmpty);
        QCOMPARE(err(VixOp::DeleteGuestEmptyDirectory, simple(req.path)),
                 VixErr::DirectoryNotEmpty);
        req.recursive = true;
        QCOMPARE(err(VixOp::DeleteGuestDirectoryEx, req.encode()), VixErr::Ok);
        QVERIFY(!exists(req.path));
        QCOMPARE(err(VixOp::DeleteGuestDirectoryEx, req.encode()), VixErr::FileNotFound);
        makeFile(d + QStringLiteral("/plain"));
        req.path = d + QStringLiteral("/plain");
        QCOMPARE(err(VixOp::DeleteGuestDirectoryEx, req.encode()), VixErr::NotADirectory);
        QCOMPARE(err(VixOp::DeleteGuestDirectory, simple(req.path)), VixErr::NotADirectory);
        mk.path = d + QStringLiteral("/old/x");
        QCOMPARE(err(VixOp::CreateDirectoryEx, mk.encode(true)), VixErr::Ok);
        QCOMPARE(err(VixOp::DeleteGuestDirectory, simple(d + QStringLiteral("/old"))), VixErr::Ok);
        mk.path = d + QStringLiteral("/empty");
        QCOMPARE(err(VixOp::CreateDirectoryEx, mk.encode(true)), VixErr::Ok);
        QCOMPARE(err(VixOp::DeleteGuestEmptyDirectory, simple(mk.path)), VixErr::Ok);
        // The root's directories stay.
        req.path = m_rootDir;
        QCOMPARE(err(VixOp::DeleteGuestDirectoryEx, req.encode()), VixErr::FileAccessError);
        QVERIFY(exists(m_rootDir + QStringLiteral("/f")));
    }

    void moveOperationsAndErrors()
    {
        const QString d = freshDir();
        const QString a = d + QStringLiteral("/a"), c = d + QStringLiteral("/c");
        makeFile(a, "A");
        makeFile(c, "C");
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(a, c, false)), VixErr::FileAlreadyExists);
        QVERIFY(exists(a));
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(a, c, true)), VixErr::Ok);
        QVERIFY(!exists(a));
        QCOMPARE(st(c).st_size, off_t(1));
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(a, c, true)), VixErr::FileNotFound);
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(c, c, false)), VixErr::Ok);
        const QString sub = d + QStringLiteral("/sub");
        QVERIFY(::mkdir(b(sub).constData(), 0755) == 0);
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(c, sub, true)), VixErr::FileAlreadyExists);
        QCOMPARE(err(VixOp::MoveGuestFile, move(c, sub, true, false)), VixErr::AlreadyExists);
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(sub, d + QStringLiteral("/x"), true)),
                 VixErr::NotAFile);
        QCOMPARE(err(VixOp::MoveGuestDirectory, move(c, d + QStringLiteral("/x"), true)),
                 VixErr::NotADirectory);
        QCOMPARE(err(VixOp::MoveGuestDirectory, move(sub, c, true)), VixErr::FileAlreadyExists);
        QCOMPARE(err(VixOp::MoveGuestDirectory, move(sub, d + QStringLiteral("/sub2"), false)),
                 VixErr::Ok);
        QVERIFY(QFileInfo(d + QStringLiteral("/sub2")).isDir());
        // The old MoveFile always overwrites.
        makeFile(a, "AA");
        QCOMPARE(err(VixOp::MoveGuestFile, move(a, c, false, false)), VixErr::Ok);
        QCOMPARE(st(c).st_size, off_t(2));
        // Outside the user's rights: refused, nothing changes.
        QCOMPARE(err(VixOp::MoveGuestFileEx,
                     move(m_rootDir + QStringLiteral("/f"), d + QStringLiteral("/stolen"), true)),
                 VixErr::FileAccessError);
        QVERIFY(exists(m_rootDir + QStringLiteral("/f")));
        QVERIFY(!exists(d + QStringLiteral("/stolen")));
        QCOMPARE(err(VixOp::MoveGuestFileEx, move(c, m_rootDir + QStringLiteral("/f"), true)),
                 VixErr::FileAccessError);
        QCOMPARE(st(m_rootDir + QStringLiteral("/f")).st_size, off_t(4));
        QVERIFY(exists(c));
    }

    void temporaryFilesAndDirectories()
    {
        const QString d = freshDir();
        CreateTempFileRequest req;
        req.prefix = QStringLiteral("pre-");
        req.suffix = QStringLiteral(".suf");
        req.directory = d;
        const vmx::VixCallResult f = call(VixOp::CreateTemporaryFileEx, req.encode());
        QCOMPARE(f.reply.error, VixErr::Ok);
        const QString path = QString::fromUtf8(f.reply.result);
        QVERIFY2(path.startsWith(d + QStringLiteral("/pre-vmware")), qPrintable(path));
        QVERIFY(path.endsWith(QStringLiteral(".suf")));
        QVERIFY(S_ISREG(st(path).st_mode));
        QCOMPARE(qint64(st(path).st_uid), m_user.uid);
        const vmx::VixCallResult dir = call(VixOp::CreateTemporaryDirectory, req.encode());
        QCOMPARE(dir.reply.error, VixErr::Ok);
        QVERIFY(S_ISDIR(st(QString::fromUtf8(dir.reply.result)).st_mode));
        QCOMPARE(qint64(st(QString::fromUtf8(dir.reply.result)).st_uid), m_user.uid);
        req.directory = d + QStringLiteral("/missing");
        QCOMPARE(err(VixOp::CreateTemporaryFileEx, req.encode()), VixErr::FileNotFound);
        req.directory = path;
        QCOMPARE(err(VixOp::CreateTemporaryFileEx, req.encode()), VixErr::NotADirectory);
        req.directory = m_rootDir;
        QCOMPARE(err(VixOp::CreateTemporaryDirectory, req.encode()), VixErr::FileAccessError);
        // No directory: the user's temporary directory.
        req.directory.clear();
        const vmx::VixCallResult t = call(VixOp::CreateTemporaryFileEx, req.encode());
        QCOMPARE(t.reply.error, VixErr::Ok);
        QVERIFY(exists(QString::fromUtf8(t.reply.result)));
        QFile::remove(QString::fromUtf8(t.reply.result));
        const vmx::VixCallResult old = call(VixOp::CreateTemporaryFile, {});
        QCOMPARE(old.reply.error, VixErr::Ok);
        QVERIFY(QFileInfo(QString::fromUtf8(old.reply.result))
                    .fileName()
                    .startsWith(QStringLiteral("vmware")));
        QFile::remove(QString::fromUtf8(old.reply.result));
    }

    void setFileAttributesAppliesTimesModeAndOwner()
    {
        const QString d = freshDir();
        const QString f = d + QStringLiteral("/f");
        makeFile(f);
        SetFileAttributesRequest req;
        req.path = f;
        req.fileOptions = VixFileAttrSet::AccessDate | VixFileAttrSet::ModifyDate |
                          VixFileAttrSet::UnixPermissions;
        req.accessTime = 1000000000;
        req.modificationTime = 1200000000;
        req.permissions = 0604;
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::Ok);
        QCOMPARE(st(f).st_atime, time_t(1000000000));
        QCOMPARE(st(f).st_mtime, time_t(1200000000));
        QCOMPARE(st(f).st_mode & 07777, mode_t(0604));
        // Only the modification time: the access time stays.
        req.fileOptions = VixFileAttrSet::ModifyDate;
        req.modificationTime = 1300000000;
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::Ok);
        QCOMPARE(st(f).st_atime, time_t(1000000000));
        // The own group is allowed, giving the file away is not.
        req.fileOptions = VixFileAttrSet::UnixGroupId;
        req.groupId = qint32(m_user.gid);
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::Ok);
        req.fileOptions = VixFileAttrSet::UnixOwnerId;
        req.ownerId = 0;
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::FileAccessError);
        QCOMPARE(qint64(st(f).st_uid), m_user.uid);
        req.fileOptions = VixFileAttrSet::Hidden;
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::InvalidArg);
        req.fileOptions = VixFileAttrSet::ReadOnly;
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::InvalidArg);
        req.fileOptions = VixFileAttrSet::UnixPermissions;
        req.path = d + QStringLiteral("/missing");
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::FileNotFound);
        req.path = m_rootDir + QStringLiteral("/f");
        QCOMPARE(err(VixOp::SetGuestFileAttributes, req.encode()), VixErr::FileAccessError);
        QCOMPARE(st(req.path).st_mode & 07777, mode_t(0644));
    }

    void getFileInfoAndExistence()
    {
        const QString d = freshDir();
        const QString f = d + QStringLiteral("/f");
        makeFile(f, "1234");
        const vmx::VixCallResult r = call(VixOp::GetFileInfo, simple(f));
        QCOMPARE(r.reply.error, VixErr::Ok);
        QCOMPARE(r.reply.result,
                 "<FileInfo><Name></Name><FileFlags>0</FileFlags><FileSize>4</FileSize><ModTime>" +
                     QByteArray::number(qint64(st(f).st_mtime)) + "</ModTime></FileInfo>");
        QCOMPARE(err(VixOp::GetFileInfo, simple(d + QStringLiteral("/nope"))),
                 VixErr::FileNotFound);
        QCOMPARE(call(VixOp::GuestFileExists, simple(f)).reply.result, QByteArray("1"));
        QCOMPARE(call(VixOp::GuestFileExists, simple(d)).reply.result, QByteArray("0"));
        QCOMPARE(call(VixOp::DirectoryExists, simple(d)).reply.result, QByteArray("1"));
        QCOMPARE(call(VixOp::DirectoryExists, simple(f)).reply.result, QByteArray("0"));
        // Not visible to the user: not there.
        QCOMPARE(call(VixOp::GuestFileExists, simple(m_rootOnly + QStringLiteral("/secret")))
                     .reply.result,
                 QByteArray("0"));
    }

    void oldListDirectoryAnswers()
    {
        const QString d = freshDir();
        makeFile(d + QStringLiteral("/a<b"), "xy");
        ListDirectoryRequest req;
        req.path = d;
        const vmx::VixCallResult plain = call(VixOp::ListDirectory, req.encode());
        QCOMPARE(plain.reply.error, VixErr::Ok);
        QVERIFY(plain.reply.result.startsWith("<FileInfo><Name>a<b</Name><FileFlags>0</FileFlags>"
                                              "<FileSize>2</FileSize>"));
        req.fileOptions = kVixListDirectoryUseOffset;
        vmx::VixClient c = client();
        const vmx::VixCallResult escaped =
            c.call(VixOp::ListDirectory, req.encode(), VixRequestFlag::EscapeXmlData);
        QVERIFY2(escaped.reply.result.startsWith("0 <escaped/><FileInfo><Name>a%3Cb</Name>"),
                 escaped.reply.result.constData());
        req.path = d + QStringLiteral("/a<b");
        QCOMPARE(err(VixOp::ListDirectory, req.encode()), VixErr::NotADirectory);
    }

    void listFileSystemsReportsTheRoot()
    {
        const vmx::VixCallResult r =
            call(VixOp::ListFileSystems, ListFileSystemsRequest().encode());
        QCOMPARE(r.reply.error, VixErr::Ok);
        QVERIFY(r.reply.result.startsWith("<filesystem><name>"));
        QVERIFY(r.reply.result.contains("<freeSpace>"));
    }

    void fileTransferFromGuestChecks()
    {
        const QString d = freshDir();
        const QString f = d + QStringLiteral("/f");
        makeFile(f, "abcdef");
        FileTransferFromGuestRequest req;
        req.path = f;
        const vmx::VixCallResult r = call(VixOp::InitiateFileTransferFromGuest, req.encode());
        QCOMPARE(r.reply.error, VixErr::Ok);
        const auto entries = vmx::parseFileEntries(r.reply.result);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().name, b(f));
        QCOMPARE(entries.first().size, quint64(6));
        QCOMPARE(entries.first().permissions, 0100644);
        req.path = d;
        QCOMPARE(err(VixOp::InitiateFileTransferFromGuest, req.encode()), VixErr::NotAFile);
        QVERIFY(::symlink("f", b(d + QStringLiteral("/l")).constData()) == 0);
        req.path = d + QStringLiteral("/l");
        QCOMPARE(err(VixOp::InitiateFileTransferFromGuest, req.encode()), VixErr::InvalidArg);
        req.path = d + QStringLiteral("/none");
        QCOMPARE(err(VixOp::InitiateFileTransferFromGuest, req.encode()), VixErr::FileNotFound);
        // A name the user cannot reach: FILE_ACCESS_ERROR (the stat's EACCES).
        req.path = m_rootOnly + QStringLiteral("/secret");
        QCOMPARE(err(VixOp::InitiateFileTransferFromGuest, req.encode()), VixErr::FileAccessError);
    }

    // /proc files have stat size 0: the answer carries the size the HGFS
    // transfer delivers, so the host expects every byte.
    void fileTransferFromGuestMeasuresProcFiles()
    {
        QFile version(QStringLiteral("/proc/version"));
        QVERIFY(version.open(QIODevice::ReadOnly));
        const QByteArray content = version.readAll();
        QVERIFY(!content.isEmpty());
        QCOMPARE(QFileInfo(version).size(), 0);
        FileTransferFromGuestRequest req;
        req.path = QStringLiteral("/proc/version");
        const vmx::VixCallResult r = call(VixOp::InitiateFileTransferFromGuest, req.encode());
        QCOMPARE(r.reply.error, VixErr::Ok);
        const auto entries = vmx::parseFileEntries(r.reply.result);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().size, quint64(content.size()));
        // Measured as the user: a root-only /proc file stays 0 (it cannot be
        // read, and vmtoolsd checks no read permission here either).
        if (QFileInfo::exists(QStringLiteral("/proc/1/environ"))) {
            req.path = QStringLiteral("/proc/1/environ");
            const vmx::VixCallResult e = call(VixOp::InitiateFileTransferFromGuest, req.encode());
            QCOMPARE(e.reply.error, VixErr::Ok);
            const auto list = vmx::parseFileEntries(e.reply.result);
            QCOMPARE(list.size(), 1);
            QCOMPARE(list.first().size, quint64(0));
        }
    }

    void fileTransferToGuestChecks()
    {
        const QString d = freshDir();
        FileTransferToGuestRequest req;
        req.path = d + QStringLiteral("/new");
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::Ok);
        makeFile(d + QStringLiteral("/old"));
        req.path = d + QStringLiteral("/old");
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::FileAlreadyExists);
        req.overwrite = true;
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::Ok);
        req.path = d;
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::NotAFile);
        QVERIFY(::symlink("old", b(d + QStringLiteral("/l")).constData()) == 0);
        req.path = d + QStringLiteral("/l");
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::InvalidArg);
        req.path = d + QStringLiteral("/no/such/dir/file");
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::FileNameInvalid);
        req.path = m_rootDir + QStringLiteral("/new");
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::FileAccessError);
        req.path = m_rootDir + QStringLiteral("/f");
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::FileAccessError);
        // Deliberately unlike vmtoolsd (OK): a writable file in a directory
        // the user cannot write is refused, since the transfer replaces the
        // file by a rename in that directory (docs/vix-fileops.md).
        const QString mine = m_rootDir + QStringLiteral("/mine");
        makeFile(mine);
        QCOMPARE(::chmod(b(mine).constData(), 0644), 0);
        req.path = mine;
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::FileAccessError);
        req.path = d + QStringLiteral("/new");
        req.options = VixFileAttrSet::Hidden;
        QCOMPARE(err(VixOp::InitiateFileTransferToGuest, req.encode()), VixErr::InvalidArg);
    }

    void registryOperationsAreNotSupportedOnLinux()
    {
        vmx::VixClient anonymous = m_rig.client();
        CreateRegistryKeyRequest create;
        create.path = QStringLiteral("HKLM\\Software\\x");
        QCOMPARE(anonymous.callAnonymous(VixOp::CreateRegistryKey, create.encode()).reply.error,
                 VixErr::OpNotSupportedOnGuest);
        ListRegistryRequest list;
        list.path = QStringLiteral("HKLM\\Software");
        QCOMPARE(err(VixOp::ListRegistryKeys, list.encode()), VixErr::OpNotSupportedOnGuest);
        QCOMPARE(err(VixOp::ListRegistryValues, list.encode()), VixErr::OpNotSupportedOnGuest);
        DeleteRegistryKeyRequest del;
        del.path = create.path;
        QCOMPARE(err(VixOp::DeleteRegistryKey, del.encode()), VixErr::OpNotSupportedOnGuest);
        RegistryValueRequest value;
        value.path = create.path;
        value.name = QStringLiteral("v");
        QCOMPARE(err(VixOp::SetRegistryValue, value.encode(true)), VixErr::OpNotSupportedOnGuest);
        QCOMPARE(err(VixOp::DeleteRegistryValue, value.encode(false)),
                 VixErr::OpNotSupportedOnGuest);
        RegistryRequest old;
        old.keyPath = create.path;
        old.expectedType = 9; // VIX_PROPERTYTYPE_STRING
        QCOMPARE(err(VixOp::ReadRegistry, old.encode(false)), VixErr::OpNotSupportedOnGuest);
        const vmx::VixCallResult exists = call(VixOp::RegistryKeyExists, simple(create.path));
        QCOMPARE(exists.reply.error, VixErr::OpNotSupportedOnGuest);
        QCOMPARE(exists.reply.result, QByteArray("0"));
        QCOMPARE(err(VixOp::DeleteGuestRegistryKey, simple(create.path)),
                 VixErr::OpNotSupportedOnGuest);
    }

    void guestkitVmxFileCommands()
    {
        const QString d = freshDir();
        QCOMPARE(vmxRun(QStringLiteral("mkdir"), {QStringLiteral("-p"), d + QStringLiteral("/m/n")})
                     .exitCode,
                 0);
        QVERIFY(QFileInfo(d + QStringLiteral("/m/n")).isDir());
        const vmx::CommandOutput tmp =
            vmxRun(QStringLiteral("mktemp"), {QStringLiteral("-d"), d + QStringLiteral("/m")});
        QCOMPARE(tmp.exitCode, 0);
        QVERIFY(QFileInfo(tmp.text).isDir());
        QCOMPARE(
            vmxRun(QStringLiteral("touch"),
                   {QStringLiteral("-d"), QStringLiteral("1234567890"), d + QStringLiteral("/t")})
                .exitCode,
            0);
        QCOMPARE(st(d + QStringLiteral("/t")).st_mtime, time_t(1234567890));
        QCOMPARE(qint64(st(d + QStringLiteral("/t")).st_uid), m_user.uid);
        QCOMPARE(vmxRun(QStringLiteral("chmod"), {QStringLiteral("640"), d + QStringLiteral("/t")})
                     .exitCode,
                 0);
        QCOMPARE(st(d + QStringLiteral("/t")).st_mode & 0777, mode_t(0640));
        QCOMPARE(vmxRun(QStringLiteral("chown"), {QStringLiteral("0"), d + QStringLiteral("/t")})
                     .json.toObject()
                     .value(QStringLiteral("vixError"))
                     .toInt(),
                 int(VixErr::FileAccessError));
        QCOMPARE(vmxRun(QStringLiteral("mv"), {d + QStringLiteral("/t"), d + QStringLiteral("/u")})
                     .exitCode,
                 0);
        QCOMPARE(vmxRun(QStringLiteral("mv"), {d + QStringLiteral("/m"), d + QStringLiteral("/m2")})
                     .exitCode,
                 0);
        const vmx::CommandOutput ls = vmxRun(QStringLiteral("ls"), {QStringLiteral("-l"), d});
        QCOMPARE(ls.exitCode, 0);
        const QJsonArray files = ls.json.toObject().value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 4);
        QCOMPARE(vmxRun(QStringLiteral("rm"), {d + QStringLiteral("/u")}).exitCode, 0);
        QVERIFY(vmxRun(QStringLiteral("rmdir"), {d + QStringLiteral("/m2")}).exitCode != 0);
        QCOMPARE(vmxRun(QStringLiteral("rmdir"), {QStringLiteral("-r"), d + QStringLiteral("/m2")})
                     .exitCode,
                 0);
        QCOMPARE(QDir(d).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
        const vmx::CommandOutput df = vmxRun(QStringLiteral("df"), {});
        QCOMPARE(df.exitCode, 0);
        QVERIFY(!df.json.toObject().value(QStringLiteral("filesystems")).toArray().isEmpty());
    }

    void toolsStateReportsTheFileOperationsEnabled()
    {
        vmx::VixClient anonymous = m_rig.client();
        const vmx::VixCallResult r = anonymous.callAnonymous(VixOp::GetToolsState, {});
        QCOMPARE(r.reply.error, VixErr::Ok);
        QVERIFY(m_rig.pingOk());
    }
};

QTEST_GUILESS_MAIN(TestVixFileOps)
#include "tst_vix_fileops.moc"
