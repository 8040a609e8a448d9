// SessionFiles of the Windows backend on the real file system (Wine's in CI),
// through the daemon-user session: the same behaviours and error kinds the
// Linux suite tst_platform_files proves for its backend.
#include "WinTestSupport.h"
#include "platform/Authenticator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <windows.h>

using namespace gk::platform;
using K = PlatformError::Kind;

namespace {

bool writePlain(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readPlain(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestWinFiles : public QObject
{
    Q_OBJECT

    std::unique_ptr<Authenticator> m_auth;
    std::shared_ptr<GuestSession> m_session;
    QTemporaryDir m_dir;

    FilePath at(const QString &name) const { return FilePath::fromString(m_dir.filePath(name)); }
    SessionFiles &files() { return m_session->files(); }

private slots:
    void initTestCase()
    {
        m_auth = createAuthenticator();
        m_session = m_auth->daemonSession();
        QVERIFY(m_session->isDaemonUser());
        QVERIFY(!m_session->user().sid.isEmpty());
        QVERIFY(m_dir.isValid());
    }

    void statReportsSizeTimesAndOwnerSid()
    {
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("s.txt")), "12345"));
        const auto r = files().stat(at(QStringLiteral("s.txt")));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value.type, FileType::Regular);
        QCOMPARE(r.value.size, 5);
        QCOMPARE(r.value.name, QByteArray("s.txt"));
        QVERIFY(r.value.times.modified.has_value());
        QVERIFY(qAbs(*r.value.times.modified / 1000000 - QDateTime::currentMSecsSinceEpoch()) <
                600000);
        QVERIFY(!r.value.times.changed.has_value());
        QVERIFY(r.value.owner.sid.startsWith(QStringLiteral("S-1-")));
        QVERIFY(!r.value.owner.name.isEmpty());
        const auto dir = files().stat(FilePath::fromString(m_dir.path()));
        QVERIFY(dir.ok());
        QVERIFY(dir.value.isDirectory());
    }

    void missingPathGivesNotFound()
    {
        QCOMPARE(files().stat(at(QStringLiteral("nope"))).error.kind, K::NotFound);
        QCOMPARE(files().openRead(at(QStringLiteral("nope/x"))).error.kind, K::NotFound);
    }

    void unicodeNamesRoundTrip()
    {
        const QString name = QStringLiteral("gr\u00fc\u00dfe-\u65e5\u672c-\U0001F600.txt");
        auto w = files().openWrite(at(name), {});
        QVERIFY2(w.ok(), qPrintable(w.error.message));
        QVERIFY(!w.value->write("hi"));
        QVERIFY(!w.value->commit());
        QCOMPARE(readPlain(m_dir.filePath(name)), QByteArray("hi"));
        auto lister = files().list(FilePath::fromString(m_dir.path()),
                                   QRegularExpression(QStringLiteral("gr\u00fc")));
        QVERIFY(lister.ok());
        const auto batch = lister.value->nextBatch(10);
        QVERIFY(batch.ok());
        QCOMPARE(batch.value.size(), 1);
        QCOMPARE(batch.value.first().name, name.toUtf8());
    }

    void pathsBeyondMaxPathWork()
    {
        QString path = m_dir.path();
        while (path.size() < 300)
            path += QStringLiteral("/") + QString(40, QLatin1Char('d'));
        const FilePath deep = FilePath::fromString(path);
        QVERIFY(!files().makeDirectory(deep, true, 0755));
        const FilePath file = deep.child("f.bin");
        auto w = files().openWrite(file, {});
        QVERIFY2(w.ok(), qPrintable(w.error.message));
        QVERIFY(!w.value->write(QByteArray(1000, 'x')));
        QVERIFY(!w.value->commit());
        const auto st = files().stat(file);
        QVERIFY2(st.ok(), qPrintable(st.error.message));
        QCOMPARE(st.value.size, 1000);
        QVERIFY(!files().removeDirectory(at(QString(40, QLatin1Char('d'))), RemoveMode::Recursive));
        QCOMPARE(files().stat(deep).error.kind, K::NotFound);
    }

    void listFilesPagesThroughDirectory()
    {
        const FilePath dir = at(QStringLiteral("many"));
        QVERIFY(!files().makeDirectory(dir, false, 0755));
        for (int i = 0; i < 25; ++i)
            QVERIFY(writePlain(m_dir.filePath(QStringLiteral("many/f%1").arg(i)), "x"));
        auto lister = files().list(dir, {});
        QVERIFY(lister.ok());
        QSet<QByteArray> seen;
        for (int page = 0; page < 2; ++page) {
            const auto batch = lister.value->nextBatch(10);
            QVERIFY(batch.ok());
            QCOMPARE(batch.value.size(), 10);
            for (const FileInfo &f : batch.value)
                seen.insert(f.name);
        }
        const auto skipped = lister.value->skip(3);
        QCOMPARE(skipped.value, 3);
        const auto rest = lister.value->nextBatch(10);
        QCOMPARE(rest.value.size(), 2);
        QVERIFY(lister.value->atEnd());
        QVERIFY(!seen.contains(".") && !seen.contains(".."));
        QCOMPARE(seen.size(), 20);
    }

    void listOfAFileFailsNotADirectory()
    {
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("plain")), "x"));
        QCOMPARE(files().list(at(QStringLiteral("plain")), {}).error.kind, K::NotADirectory);
        QCOMPARE(files().list(at(QStringLiteral("absent")), {}).error.kind, K::NotFound);
    }

    void makeDirectoryReportsExistsAndFileOnTheWay()
    {
        QVERIFY(!files().makeDirectory(at(QStringLiteral("m1")), false, 0755));
        QCOMPARE(files().makeDirectory(at(QStringLiteral("m1")), false, 0755).kind, K::Exists);
        QVERIFY(!files().makeDirectory(at(QStringLiteral("m1/a/b")), true, 0755));
        QVERIFY(!files().makeDirectory(at(QStringLiteral("m1/a/b")), true, 0755));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("m1/file")), "x"));
        QCOMPARE(files().makeDirectory(at(QStringLiteral("m1/file/c")), true, 0755).kind,
                 K::NotADirectory);
    }

    void removeChecksTheKindOfEntry()
    {
        QVERIFY(!files().makeDirectory(at(QStringLiteral("r1")), false, 0755));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("r1/f")), "x"));
        QCOMPARE(files().removeFile(at(QStringLiteral("r1"))).kind, K::IsADirectory);
        QCOMPARE(files().removeDirectory(at(QStringLiteral("r1/f")), RemoveMode::EmptyOnly).kind,
                 K::NotADirectory);
        QCOMPARE(files().removeDirectory(at(QStringLiteral("r1")), RemoveMode::EmptyOnly).kind,
                 K::NotEmpty);
        QVERIFY(!files().removeFile(at(QStringLiteral("r1/f"))));
        QVERIFY(!files().removeDirectory(at(QStringLiteral("r1")), RemoveMode::EmptyOnly));
        QCOMPARE(files().removeFile(at(QStringLiteral("r1"))).kind, K::NotFound);
    }

    void recursiveDeleteRemovesReadOnlyFilesInside()
    {
        QVERIFY(!files().makeDirectory(at(QStringLiteral("t/a/b")), true, 0755));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("t/a/b/ro")), "x"));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("t/top")), "x"));
        AttributeChange ro;
        ro.readOnly = true;
        QVERIFY(!files().changeAttributes(at(QStringLiteral("t/a/b/ro")), ro));
        QVERIFY(!files().removeDirectory(at(QStringLiteral("t")), RemoveMode::Recursive));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("t"))));
    }

    void moveWithoutOverwriteKeepsExistingTarget()
    {
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("mv-a")), "a"));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("mv-b")), "b"));
        QCOMPARE(files().move(at(QStringLiteral("mv-a")), at(QStringLiteral("mv-b")), {}).kind,
                 K::Exists);
        QCOMPARE(readPlain(m_dir.filePath(QStringLiteral("mv-b"))), QByteArray("b"));
        QVERIFY(!files().move(at(QStringLiteral("mv-a")), at(QStringLiteral("mv-b")),
                              MoveOptions{true}));
        QCOMPARE(readPlain(m_dir.filePath(QStringLiteral("mv-b"))), QByteArray("a"));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("mv-a"))));
    }

    void moveFollowsRenameRulesForDirectories()
    {
        QVERIFY(!files().makeDirectory(at(QStringLiteral("d1")), false, 0755));
        QVERIFY(!files().makeDirectory(at(QStringLiteral("d2")), false, 0755));
        QVERIFY(!files().makeDirectory(at(QStringLiteral("d3/x")), true, 0755));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("d1/in")), "x"));
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("f1")), "x"));
        const MoveOptions overwrite{true};
        QCOMPARE(files().move(at(QStringLiteral("f1")), at(QStringLiteral("d2")), overwrite).kind,
                 K::IsADirectory);
        QCOMPARE(files().move(at(QStringLiteral("d1")), at(QStringLiteral("f1")), overwrite).kind,
                 K::NotADirectory);
        QCOMPARE(files().move(at(QStringLiteral("d1")), at(QStringLiteral("d3")), overwrite).kind,
                 K::NotEmpty);
        QVERIFY(!files().move(at(QStringLiteral("d1")), at(QStringLiteral("d2")), overwrite));
        QCOMPARE(readPlain(m_dir.filePath(QStringLiteral("d2/in"))), QByteArray("x"));
    }

    void hiddenReadOnlyAndTimesAreSetAndReported()
    {
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("attr")), "x"));
        AttributeChange change;
        change.hidden = true;
        change.readOnly = true;
        change.modified = qint64(1600000000) * 1000000000;
        QVERIFY(!files().changeAttributes(at(QStringLiteral("attr")), change));
        auto st = files().stat(at(QStringLiteral("attr")));
        QVERIFY(st.ok());
        QVERIFY(st.value.hidden);
        QVERIFY(st.value.readOnly);
        QVERIFY(st.value.nativeAttributes & FILE_ATTRIBUTE_HIDDEN);
        QCOMPARE(*st.value.times.modified, qint64(1600000000) * 1000000000);
        // The mode's owner write bit is Windows' read-only flag.
        AttributeChange writable;
        writable.mode = 0644;
        writable.hidden = false;
        QVERIFY(!files().changeAttributes(at(QStringLiteral("attr")), writable));
        st = files().stat(at(QStringLiteral("attr")));
        QVERIFY(!st.value.readOnly && !st.value.hidden);
        AttributeChange byId;
        byId.owner = FileOwner::fromId(0);
        QCOMPARE(files().changeAttributes(at(QStringLiteral("attr")), byId).kind,
                 K::InvalidArgument);
    }

    void checkWritableFollowsTheReadOnlyAttribute()
    {
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("cw")), "x"));
        QVERIFY(!files().checkWritable(at(QStringLiteral("cw"))));
        QVERIFY(!files().checkWritable(FilePath::fromString(m_dir.path())));
        AttributeChange ro;
        ro.readOnly = true;
        QVERIFY(!files().changeAttributes(at(QStringLiteral("cw")), ro));
        QCOMPARE(files().checkWritable(at(QStringLiteral("cw"))).kind, K::PermissionDenied);
        QCOMPARE(files().checkWritable(at(QStringLiteral("absent"))).kind, K::NotFound);
    }

    void temporaryEntriesHavePrefixSuffixAndAreNew()
    {
        TempRequest request;
        request.prefix = "pre-";
        request.suffix = ".tmp";
        request.directory = FilePath::fromString(m_dir.path());
        const auto a = files().createTemporary(request);
        const auto b = files().createTemporary(request);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.value != b.value);
        QVERIFY(a.value.fileName().startsWith("pre-") && a.value.fileName().endsWith(".tmp"));
        QVERIFY(QFileInfo(a.value.toString()).isFile());
        request.kind = TempRequest::Kind::Directory;
        const auto d = files().createTemporary(request);
        QVERIFY(d.ok());
        QVERIFY(QFileInfo(d.value.toString()).isDir());
        TempRequest inDefault;
        const auto t = files().createTemporary(inDefault);
        QVERIFY2(t.ok(), qPrintable(t.error.message));
        QVERIFY(t.value.toString().startsWith(files().tempDirectory().toString()));
        QFile::remove(t.value.toString());
    }

    void writeAppearsOnlyOnCommitAndAbortLeavesNothing()
    {
        const QString target = m_dir.filePath(QStringLiteral("w1"));
        {
            auto w = files().openWrite(FilePath::fromString(target), {});
            QVERIFY(w.ok());
            QVERIFY(!w.value->write("part"));
            QVERIFY(!QFileInfo::exists(target));
        }
        QCOMPARE(QDir(m_dir.path())
                     .entryList({QStringLiteral(".guestkit-*")}, QDir::Hidden | QDir::Files),
                 QStringList());
        QVERIFY(!QFileInfo::exists(target));
        auto w = files().openWrite(FilePath::fromString(target), {});
        QVERIFY(!w.value->write("whole"));
        QCOMPARE(w.value->bytesWritten(), 5);
        QVERIFY(!w.value->commit());
        QCOMPARE(readPlain(target), QByteArray("whole"));
        QVERIFY(!files().stat(FilePath::fromString(target)).value.hidden);
    }

    void writeWithoutOverwriteFailsExists()
    {
        const QString target = m_dir.filePath(QStringLiteral("w2"));
        QVERIFY(writePlain(target, "old"));
        WriteOptions keep;
        keep.overwrite = false;
        QCOMPARE(files().openWrite(FilePath::fromString(target), keep).error.kind, K::Exists);
        const QString later = m_dir.filePath(QStringLiteral("w3"));
        auto w = files().openWrite(FilePath::fromString(later), keep);
        QVERIFY(w.ok());
        QVERIFY(!w.value->write("new"));
        QVERIFY(writePlain(later, "raced"));
        QCOMPARE(w.value->commit().kind, K::Exists);
        QCOMPARE(readPlain(later), QByteArray("raced"));
        QCOMPARE(files().openWrite(FilePath::fromString(m_dir.path()), {}).error.kind,
                 K::IsADirectory);
    }

    void readerReadsAnyChunkAndRefusesDirectories()
    {
        QByteArray data;
        for (int i = 0; i < 1000; ++i)
            data += QByteArray::number(i) + ',';
        QVERIFY(writePlain(m_dir.filePath(QStringLiteral("rd")), data));
        auto r = files().openRead(at(QStringLiteral("rd")));
        QVERIFY(r.ok());
        QCOMPARE(r.value->read(100, 50).value, data.mid(100, 50));
        QCOMPARE(r.value->read(data.size() - 3, 100).value, data.right(3));
        QCOMPARE(r.value->read(data.size() + 10, 100).value, QByteArray());
        QCOMPARE(r.value->info().value.size, data.size());
        QCOMPARE(files().openRead(FilePath::fromString(m_dir.path())).error.kind, K::IsADirectory);
    }

    void eventLoopThreadHandsWorkToThePool()
    {
        // The event-loop thread never impersonates: its blocking calls run
        // on a pool thread while it waits.
        QThread *ranOn = nullptr;
        m_session->invoke([&] { ranOn = QThread::currentThread(); });
        QVERIFY(ranOn != nullptr);
        QVERIFY(ranOn != QCoreApplication::instance()->thread());
    }
};

QTEST_GUILESS_MAIN(TestWinFiles)
#include "tst_win_files.moc"
