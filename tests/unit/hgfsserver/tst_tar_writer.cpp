// TarStreamWriter's headers: read back by TarStreamReader (names over 100
// bytes through GNU long-name and long-link records, base-256 numbers where
// octal does not fit, checksums) and by GNU tar itself.
#include "hgfs/server/TarStreamWriter.h"

#include <QBuffer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace gk::hgfs::server;

namespace {

TarMember member(TarEntry::Type type, const QByteArray &name, qint64 size = 0)
{
    TarMember m;
    m.type = type;
    m.name = name;
    m.size = size;
    m.mode = type == TarEntry::Type::Directory ? 0750 : 0640;
    m.mtime = 1700000000;
    m.uid = 1000;
    m.gid = 100;
    m.userName = "alice";
    m.groupName = "users";
    return m;
}

// A file member with its data and padding.
QByteArray fileWith(const QByteArray &name, const QByteArray &data)
{
    return encodeTarHeader(member(TarEntry::Type::File, name, data.size())) + data +
           QByteArray(int(tarPadding(data.size())), '\0');
}

} // namespace

class TstTarWriter : public QObject
{
    Q_OBJECT

private slots:
    void headersReadBack()
    {
        const QByteArray longName = QByteArray("deep/") + QByteArray(150, 'n') + "/file.txt";
        const QByteArray longTarget = QByteArray(300, 't');
        TarMember link = member(TarEntry::Type::Symlink, "link");
        link.linkName = longTarget;
        TarMember huge = member(TarEntry::Type::File, "huge", 9LL << 30); // octal holds < 8 GiB
        huge.uid = 3000000;                                               // octal holds < 2^21
        huge.mtime = -5;                                                  // before 1970: 0
        QByteArray archive = encodeTarHeader(member(TarEntry::Type::Directory, "dir/")) +
                             fileWith("dir/a", "hello") + fileWith(longName, QByteArray(513, 'x')) +
                             encodeTarHeader(link) + encodeTarHeader(huge);
        QCOMPARE(archive.size() % kTarBlock, 0);

        QBuffer in(&archive);
        QVERIFY(in.open(QIODevice::ReadOnly));
        TarStreamReader reader(in);
        auto dir = reader.next();
        QVERIFY2(dir, qPrintable(reader.error()));
        QCOMPARE(dir->type, TarEntry::Type::Directory);
        QCOMPARE(dir->name, QByteArray("dir/"));
        QCOMPARE(dir->mode, 0750u);
        QCOMPARE(dir->mtime, 1700000000);
        auto a = reader.next();
        QVERIFY2(a, qPrintable(reader.error()));
        QCOMPARE(a->name, QByteArray("dir/a"));
        QCOMPARE(a->size, 5);
        QCOMPARE(reader.readData(100), QByteArray("hello"));
        auto longOne = reader.next();
        QVERIFY2(longOne, qPrintable(reader.error()));
        QCOMPARE(longOne->name, longName);
        QCOMPARE(longOne->size, 513);
        QCOMPARE(reader.readData(1000), QByteArray(513, 'x'));
        auto l = reader.next();
        QVERIFY2(l, qPrintable(reader.error()));
        QCOMPARE(l->type, TarEntry::Type::Symlink);
        QCOMPARE(l->linkName, longTarget);
        QCOMPARE(l->size, 0);
        auto h = reader.next();
        QVERIFY2(h, qPrintable(reader.error()));
        QCOMPARE(h->size, 9LL << 30);
        QCOMPARE(h->mtime, 0);
    }

    void gnuTarListsWhatItWrites()
    {
        const QString tar = QStandardPaths::findExecutable(QStringLiteral("tar"));
        if (tar.isEmpty())
            QSKIP("no tar on this machine");
        const QByteArray longName = QByteArray(120, 'L');
        TarMember link = member(TarEntry::Type::Symlink, "to-long");
        link.linkName = longName;
        const QByteArray archive = encodeTarHeader(member(TarEntry::Type::Directory, "d/")) +
                                   fileWith("d/small", "abc") + fileWith(longName, "long") +
                                   encodeTarHeader(link) + tarEndOfArchive();
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("t.tar")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(archive), archive.size());
        f.close();
        QProcess list;
        list.start(tar, {QStringLiteral("-tvf"), f.fileName()});
        QVERIFY(list.waitForFinished(10000));
        const QByteArray out = list.readAllStandardOutput();
        QVERIFY2(list.exitCode() == 0, list.readAllStandardError().constData());
        QVERIFY2(out.contains("drwxr-x--- alice/users"), out.constData());
        QVERIFY(out.contains(" d/small"));
        QVERIFY(out.contains(" 3 2023-11-1")); // 1700000000 is 2023-11-14/15
        QVERIFY(out.contains(longName));
        QVERIFY(out.contains("to-long -> " + longName));
        // Extracted, the contents come back.
        QProcess extract;
        extract.start(tar, {QStringLiteral("-xf"), f.fileName(), QStringLiteral("-C"), dir.path()});
        QVERIFY(extract.waitForFinished(10000));
        QCOMPARE(extract.exitCode(), 0);
        QFile small(dir.filePath(QStringLiteral("d/small")));
        QVERIFY(small.open(QIODevice::ReadOnly));
        QCOMPARE(small.readAll(), QByteArray("abc"));
    }
};

QTEST_GUILESS_MAIN(TstTarWriter)
#include "tst_tar_writer.moc"
