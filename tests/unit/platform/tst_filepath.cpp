#include "platform/FilePath.h"
#include "platform/PlatformError.h"

#include <QTest>

using gk::platform::FilePath;

class TestFilePath : public QObject
{
    Q_OBJECT
private slots:
    void childJoinsWithOneSeparator()
    {
        QCOMPARE(FilePath::fromBytes("/a").child("b").bytes(), QByteArray("/a/b"));
        QCOMPARE(FilePath::fromBytes("/a//").child("b").bytes(), QByteArray("/a/b"));
        QCOMPARE(FilePath::fromBytes("/").child("b").bytes(), QByteArray("/b"));
        QCOMPARE(FilePath().child("b").bytes(), QByteArray("b"));
    }
    void fileNameAndParentSplitTheLastComponent()
    {
        const FilePath p = FilePath::fromBytes("/x/y/name.txt");
        QCOMPARE(p.fileName(), QByteArray("name.txt"));
        QCOMPARE(p.parent().bytes(), QByteArray("/x/y"));
        QCOMPARE(FilePath::fromBytes("/x/dir/").fileName(), QByteArray("dir"));
        QCOMPARE(FilePath::fromBytes("/x/dir/").parent().bytes(), QByteArray("/x"));
        QCOMPARE(FilePath::fromBytes("/top").parent().bytes(), QByteArray("/"));
        QCOMPARE(FilePath::fromBytes("bare").parent().bytes(), QByteArray("."));
        QCOMPARE(FilePath::fromBytes("/").fileName(), QByteArray());
    }
    void nonUtf8BytesSurviveUnchanged()
    {
        const QByteArray raw("/tmp/\xff\xfe\x80name", 12);
        const FilePath p = FilePath::fromBytes(raw);
        QCOMPARE(p.bytes(), raw);
        QCOMPARE(p.fileName(), QByteArray("\xff\xfe\x80name", 7));
        // Display form is lossy on purpose; the bytes are not.
        QVERIFY(p.toString().contains(QChar(0xFFFD)));
    }
    void fromStringEncodesUtf8()
    {
        QCOMPARE(FilePath::fromString(QStringLiteral("/tmp/\u00e9")).bytes(),
                 QByteArray("/tmp/\xc3\xa9"));
    }
    void everyErrorKindHasAName()
    {
        using K = gk::platform::PlatformError::Kind;
        for (K k : {K::NotFound, K::Exists, K::CrossDevice, K::AuthenticationFailed, K::Io})
            QVERIFY(!gk::platform::kindName(k).isEmpty() &&
                    gk::platform::kindName(k) != QLatin1String("unknown"));
    }
};

QTEST_GUILESS_MAIN(TestFilePath)
#include "tst_filepath.moc"
