// platform::trimStartupMemory on Linux: it gives back the pages of code and
// read-only data, and everything the process wrote or the loader relocated
// stays as it was; code and data are found again after the trim.
#include "ProcStatus.h"
#include "platform/MemoryTrim.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QLibrary>
#include <QLocale>
#include <QRegularExpression>
#include <QtTest>

#include <dlfcn.h>

#include <memory>
#include <sstream>

using namespace gk::platform;

namespace {

// Written at run time: data pages of the program's own (page-aligned, so that
// whole pages of it lie inside the writable segment).
alignas(4096) int g_written[3 * 1024] = {1};
constexpr int kWrittenAt = 2 * 1024;

// Filled in by the dynamic loader (RELRO in a position-independent program).
struct Shape
{
    virtual ~Shape() = default;
    virtual int sides() const = 0;
};
struct Triangle : Shape
{
    int sides() const override { return 3; }
};
struct Square : Shape
{
    int sides() const override { return 4; }
};
const char *const kNames[] = {"alpha", "beta", "gamma"};
int twice(int x)
{
    return 2 * x;
}
int (*const kFunctions[])(int) = {&twice};

// Code and tables of several libraries: PCRE, QtCore, libstdc++, libc.
QString workOfManyLibraries()
{
    const QRegularExpression re(QStringLiteral("(\\w+)@(\\w+)\\.org"));
    const QString host = re.match(QStringLiteral("mail root@guestkit.org now")).captured(2);
    const QByteArray hash =
        QCryptographicHash::hash("guestkit", QCryptographicHash::Sha256).toHex();
    const QString number = QLocale::c().toString(1234567.891, 'f', 2);
    std::ostringstream os;
    os << std::hex << 48879 << ' ' << 2.5;
    return host + QLatin1Char(' ') + QString::fromLatin1(hash) + QLatin1Char(' ') + number +
           QLatin1Char(' ') + QString::fromStdString(os.str()) + QLatin1Char(' ') +
           QDateTime::fromSecsSinceEpoch(86400, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

class TstPlatformMemoryTrim : public QObject
{
    Q_OBJECT

private slots:
    void givesBackReadOnlyPagesAndKeepsWhatWasWritten()
    {
        const QString before = workOfManyLibraries();
        QCOMPARE(before.left(8), QStringLiteral("guestkit"));
        g_written[kWrittenAt] = 7;
        const std::unique_ptr<Shape> shapes[] = {std::make_unique<Triangle>(),
                                                 std::make_unique<Square>()};
        const qint64 filePagesBefore = procStatusKb(0, "RssFile:");

        const MemoryTrimResult trim = trimStartupMemory();
        const qint64 filePagesAfter = procStatusKb(0, "RssFile:");

        QVERIFY2(trim.error.isEmpty(), qPrintable(trim.error));
        QVERIFY2(trim.objects >= 4,
                 qPrintable(QString::number(trim.objects))); // this test, QtCore, libstdc++, libc
        QVERIFY(trim.releasedBytes >= 1 << 20);
        QVERIFY2(filePagesAfter < filePagesBefore,
                 qPrintable(
                     QStringLiteral("%1 KiB -> %2 KiB").arg(filePagesBefore).arg(filePagesAfter)));

        QCOMPARE(g_written[kWrittenAt], 7);
        QCOMPARE(shapes[0]->sides() + shapes[1]->sides(), 7);
        QCOMPARE(QByteArray(kNames[2]), QByteArray("gamma"));
        QCOMPARE(kFunctions[0](21), 42);
        QCOMPARE(workOfManyLibraries(), before);
    }

    void aLibraryLoadedLaterIsPinnedThenTrimmedAndStillWorks()
    {
        QLibrary zlib(QStringLiteral("z"), 1);
        QVERIFY2(zlib.load(), qPrintable(zlib.errorString()));
        using Version = const char *(*)();
        auto version = reinterpret_cast<Version>(zlib.resolve("zlibVersion"));
        QVERIFY(version);
        const QByteArray before(version());

        const MemoryTrimResult trim = trimStartupMemory();
        QVERIFY2(trim.error.isEmpty(), qPrintable(trim.error));
        QCOMPARE(QByteArray(version()), before);

        // Pinned: unloading it no longer unmaps it, so no later mapping can
        // take its addresses while a trim looks at them.
        QVERIFY(zlib.unload());
        QVERIFY(::dlopen("libz.so.1", RTLD_LAZY | RTLD_NOLOAD) != nullptr);
        QCOMPARE(QByteArray(version()), before);
    }

    void trimmingAgainIsHarmless()
    {
        const QString before = workOfManyLibraries();
        for (int i = 0; i < 3; ++i) {
            const MemoryTrimResult trim = trimStartupMemory();
            QVERIFY2(trim.error.isEmpty(), qPrintable(trim.error));
            QCOMPARE(workOfManyLibraries(), before);
        }
    }
};

QTEST_GUILESS_MAIN(TstPlatformMemoryTrim)
#include "tst_platform_memorytrim.moc"
