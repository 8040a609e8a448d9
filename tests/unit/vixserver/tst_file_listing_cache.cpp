// The ListFiles cursor cache and vmtoolsd's <fxi> entry and size reservation.
#include "vix/server/FileListingCache.h"
#include "vix/server/FileOpsSupport.h"

#include <QTest>

using namespace gk;
using namespace gk::vix::server;

namespace {

std::unique_ptr<ListFilesCursor> cursor(const QString &user, qint64 position)
{
    auto c = std::make_unique<ListFilesCursor>();
    c->user = user;
    c->directory = "/d";
    c->pattern = QStringLiteral("x");
    c->position = position;
    return c;
}

} // namespace

class TestFileListingCache : public QObject
{
    Q_OBJECT
private slots:
    void cursorIsFoundOnlyWhereItStandsAndOnlyByItsUser()
    {
        FileListingCache cache;
        cache.put(cursor(QStringLiteral("alice"), 300));
        QVERIFY(!cache.take(QStringLiteral("bob"), "/d", QStringLiteral("x"), 300));
        QVERIFY(!cache.take(QStringLiteral("alice"), "/d", QStringLiteral("x"), 299));
        QVERIFY(!cache.take(QStringLiteral("alice"), "/d", QStringLiteral("y"), 300));
        QVERIFY(!cache.take(QStringLiteral("alice"), "/e", QStringLiteral("x"), 300));
        auto found = cache.take(QStringLiteral("alice"), "/d", QStringLiteral("x"), 300);
        QVERIFY(found);
        // Taken means gone: one request at a time uses a cursor.
        QVERIFY(!cache.take(QStringLiteral("alice"), "/d", QStringLiteral("x"), 300));
        QCOMPARE(cache.size(), 0);
    }

    void fullCacheDropsTheLeastRecentlyUsed()
    {
        FileListingCache cache(2);
        cache.put(cursor(QStringLiteral("u"), 1));
        QTest::qWait(2);
        cache.put(cursor(QStringLiteral("u"), 2));
        QTest::qWait(2);
        cache.put(cursor(QStringLiteral("u"), 3));
        QCOMPARE(cache.size(), 2);
        QVERIFY(!cache.take(QStringLiteral("u"), "/d", QStringLiteral("x"), 1));
        QVERIFY(cache.take(QStringLiteral("u"), "/d", QStringLiteral("x"), 3));
    }

    void idleCursorsExpire()
    {
        FileListingCache cache(4, std::chrono::seconds(0));
        cache.put(cursor(QStringLiteral("u"), 1));
        QTest::qWait(5);
        QVERIFY(!cache.take(QStringLiteral("u"), "/d", QStringLiteral("x"), 1));
    }

    void extendedEntryIsVmtoolsdsLinuxFormat()
    {
        platform::FileInfo f;
        f.type = platform::FileType::Regular;
        f.size = 42;
        f.times.modified = qint64(1700000000) * 1000000000 + 5;
        f.times.accessed = qint64(1600000000) * 1000000000;
        f.owner = platform::FileOwner::fromId(1000);
        f.group = platform::FileOwner::fromId(100);
        f.mode = 0644;
        QCOMPARE(fileops::extendedInfoEntry("a<b", f, f),
                 QByteArray("<fxi><Name>a%3Cb</Name><ft>0</ft><fs>42</fs><mt>1700000000</mt>"
                            "<at>1600000000</at><uid>1000</uid><gid>100</gid><perm>33188</perm>"
                            "<slt></slt></fxi>"));
        platform::FileInfo link;
        link.type = platform::FileType::Symlink;
        link.symlinkTarget = "t&";
        // A broken link: only the flag and the target.
        QCOMPARE(fileops::extendedInfoEntry("l", link, platform::FileInfo()),
                 QByteArray("<fxi><Name>l</Name><ft>2</ft><fs>0</fs><mt>0</mt><at>0</at>"
                            "<uid>0</uid><gid>0</gid><perm>0</perm><slt>t%26</slt></fxi>"));
    }

    void reservationFollowsVmtoolsd()
    {
        // strlen(fileExtendedInfoLinuxFormatString) = 127 with FMT64 "l";
        // + 2 + 10 + 20 + 40 + 30 + escaped name and target.
        QCOMPARE(fileops::extendedInfoReserve("ab", QByteArray()), qsizetype(127 + 102 + 2));
        QCOMPARE(fileops::extendedInfoReserve("a%", "<"), qsizetype(127 + 102 + 4 + 3));
    }
};

QTEST_GUILESS_MAIN(TestFileListingCache)
#include "tst_file_listing_cache.moc"
