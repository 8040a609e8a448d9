// ListFiles through the real daemon and the simulator (docs/performance.md):
// a 20,000-entry directory paged to the end with maxResults 1000 (total
// time), and a 1,000,000-entry directory (time to the first page, and how
// much the daemon's peak RSS grows). Runs as the PAM test user when root,
// else with `auth = none`. BENCH_BIG_ENTRIES overrides the 1,000,000.
#include "BuildPaths.h"
#include "TestUser.h"
#include "linux/PositionRangeCount.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixFileRequests.h"
#include "vmx/DaemonLauncher.h"
#include "vmx/VixFileClient.h"
#include "vmx/VmxSimulator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

using namespace gk;
using namespace gk::vix;

namespace {

// VmHWM / VmRSS of a process, in KiB.
qint64 statusKib(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

bool fill(const QString &dir, int count)
{
    QDir().mkpath(dir);
    for (int i = 0; i < count; ++i) {
        const QByteArray p = QFile::encodeName(dir) + "/entry-" + QByteArray::number(i);
        const int fd = ::open(p.constData(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0)
            return false;
        ::close(fd);
    }
    return true;
}

// The raw limit of a first page: one bare pass over the directory's names
// (readdir, i.e. getdents64), which an exact `rem` cannot avoid. Milliseconds.
double rawNamePass(const QString &dir, qint64 *count)
{
    QElapsedTimer t;
    t.start();
    DIR *d = opendir(QFile::encodeName(dir).constData());
    *count = 0;
    if (!d)
        return -1;
    while (readdir(d))
        ++*count;
    closedir(d);
    return t.nsecsElapsed() / 1e6;
}

// The same count as guestkitd does it on ext4 and XFS: split by stream
// position over the CPUs (linux/PositionRangeCount.h), bare, in this
// process. -1 when the directory cannot be split.
double rawSplitPass(const QString &dir, qint64 *count)
{
    QElapsedTimer t;
    t.start();
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    const std::optional<qint64> counted = gk::platform::linuxos::countByPositionRanges(fd, {});
    ::close(fd);
    *count = counted.value_or(-1);
    return counted ? t.nsecsElapsed() / 1e6 : -1;
}

// The file system the entries are on: each lists a directory at its own cost.
const char *fileSystemName(const QString &path)
{
    struct statfs fs;
    if (::statfs(QFile::encodeName(path).constData(), &fs) != 0)
        return "unknown";
    switch (fs.f_type) {
    case 0xEF53:
        return "ext4";
    case 0x58465342:
        return "xfs";
    case 0x01021994:
        return "tmpfs";
    case 0x9123683E:
        return "btrfs";
    default:
        return "other";
    }
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString why;
    test::TestUser user;
    const bool asUser = test::TestUser::isRoot() && test::TestUser::ensure(&user, &why) &&
                        test::ensurePamService(&why);
    QByteArray config = "[logging]\nsyslog = false\n";
    config += asUser ? "" : "[auth]\nmode = none\n";
    const int big = qEnvironmentVariableIsSet("BENCH_BIG_ENTRIES")
                        ? qEnvironmentVariableIntValue("BENCH_BIG_ENTRIES")
                        : 1000000;

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/gk-bench-listfiles-XXXXXX"));
    // The test user must be able to enter it.
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                          QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                          QFile::ExeOther);
    const QString small = dir.filePath(QStringLiteral("small"));
    const QString huge = dir.filePath(QStringLiteral("huge"));
    std::printf("creating 20000 + %d entries in %s (%s)...\n", big,
                QFile::encodeName(dir.path()).constData(), fileSystemName(dir.path()));
    std::fflush(stdout);
    if (!fill(small, 20000) || !fill(huge, big)) {
        std::fprintf(stderr, "bench_listfiles: cannot create the entries\n");
        return 1;
    }

    vmx::VmxSimulator sim;
    const auto endpoint = channel::ChannelEndpoint::parse(
        QStringLiteral("sim:unix:%1").arg(dir.filePath(QStringLiteral("vmx.sock"))), &why);
    vmx::DaemonLauncher daemon;
    if (!endpoint || !sim.listen(*endpoint, &why) ||
        !daemon.start(gk::test::guestkitdPath(), sim.endpoint(), config, QStringLiteral("error"),
                      &why) ||
        !sim.waitForGuest(15000)) {
        std::fprintf(stderr, "bench_listfiles: %s\n", qPrintable(why));
        return 1;
    }
    const qint64 pid = daemon.process().processId();
    vmx::VixClient client(
        sim, asUser ? vmx::VixCredentials{user.name, user.password, {}}
                    : vmx::VixCredentials{QStringLiteral("x"), QStringLiteral("x"), {}});
    if (!client.call(VixOp::ValidateCredentials, {}).ok()) {
        std::fprintf(stderr, "bench_listfiles: the credentials were refused\n");
        return 1;
    }
    std::printf("guestkitd %s; operations run as %s\n", GUESTKIT_VERSION,
                asUser ? qPrintable(user.name) : "the daemon's user (auth = none)");

    QList<double> totals;
    int requests = 0;
    qsizetype listed = 0;
    for (int round = 0; round < 7; ++round) {
        QList<vmx::GuestFileEntry> entries;
        QElapsedTimer t;
        t.start();
        const vmx::VixCallResult r =
            vmx::listGuestFiles(client, small, QString(), 1000, &entries, &requests);
        totals << t.nsecsElapsed() / 1e6;
        if (!r.ok()) {
            std::fprintf(stderr, "bench_listfiles: ListFiles failed: %llu\n",
                         static_cast<unsigned long long>(r.reply.error));
            return 1;
        }
        listed = entries.size();
    }
    std::printf("20000 entries, maxResults 1000: median %.1f ms, min %.1f ms "
                "(%lld entries, %d requests)\n",
                median(totals), *std::min_element(totals.cbegin(), totals.cend()),
                static_cast<long long>(listed), requests);

    // One full page (~64 KiB, ~270 entries) against one of a single entry,
    // both from kept cursors: what an entry costs against what a reply costs.
    auto pageMs = [&](qint32 maxResults) {
        QList<double> ms;
        ListFilesRequest r;
        r.path = small;
        r.maxResults = maxResults;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer pt;
            pt.start();
            const vmx::VixCallResult res = client.call(VixOp::ListFiles, r.encode());
            ms << pt.nsecsElapsed() / 1e6;
            vmx::ListFilesPage p;
            if (!res.ok() || !vmx::parseListFilesPage(res.reply.result, &p))
                break;
            if (p.truncated) {
                r.offset += quint64(p.entries.size());
            } else {
                r.index += qint32(r.offset) + qint32(p.entries.size());
                r.offset = 0;
            }
        }
        return median(ms);
    };
    const double fullPage = pageMs(1000);
    if (qEnvironmentVariableIsSet("BENCH_TRACE")) {
        ListFilesRequest r;
        r.path = small;
        r.maxResults = 1000;
        for (int i = 0; i < 12; ++i) {
            QElapsedTimer pt;
            pt.start();
            const vmx::VixCallResult res = client.call(VixOp::ListFiles, r.encode());
            const double callMs = pt.nsecsElapsed() / 1e6;
            vmx::ListFilesPage p;
            vmx::parseListFilesPage(res.reply.result, &p);
            std::printf("index %d offset %llu: %.2f ms call, %.2f ms with parse, %lld entries\n",
                        r.index, static_cast<unsigned long long>(r.offset), callMs,
                        pt.nsecsElapsed() / 1e6, static_cast<long long>(p.entries.size()));
            if (p.truncated) {
                r.offset += quint64(p.entries.size());
            } else {
                r.index += qint32(r.offset) + qint32(p.entries.size());
                r.offset = 0;
            }
        }
    }
    const double onePage = pageMs(1);
    std::printf("one request: full 64 KiB page median %.2f ms, one-entry page median %.2f ms\n",
                fullPage, onePage);

    const qint64 hwmBefore = statusKib(pid, "VmHWM:");
    const qint64 rssBefore = statusKib(pid, "VmRSS:");
    qint64 rawCount = 0;
    qint64 splitCount = 0;
    const double rawBefore = rawNamePass(huge, &rawCount);
    const double splitBefore = rawSplitPass(huge, &splitCount);
    ListFilesRequest req;
    req.path = huge;
    req.maxResults = 1000;
    QElapsedTimer t;
    // Each first page is a new listing (index 0: no kept cursor stands
    // there once the previous one moved on), so each counts the directory.
    QList<double> firstMs;
    vmx::ListFilesPage page;
    for (int i = 0; i < 5; ++i) {
        t.start();
        const vmx::VixCallResult first = client.call(VixOp::ListFiles, req.encode());
        firstMs << t.nsecsElapsed() / 1e6;
        if (!first.ok() || !vmx::parseListFilesPage(first.reply.result, &page)) {
            std::fprintf(stderr, "bench_listfiles: first page failed\n");
            return 1;
        }
    }
    // Then the next pages, each from the kept cursor.
    QList<double> nextMs;
    req.offset = quint64(page.entries.size());
    for (int i = 0; i < 20; ++i) {
        t.start();
        const vmx::VixCallResult r = client.call(VixOp::ListFiles, req.encode());
        nextMs << t.nsecsElapsed() / 1e6;
        vmx::ListFilesPage p;
        if (!r.ok() || !vmx::parseListFilesPage(r.reply.result, &p))
            return 1;
        if (p.truncated) {
            req.offset += quint64(p.entries.size());
        } else {
            req.index += qint32(req.offset) + qint32(p.entries.size());
            req.offset = 0;
        }
    }
    const double rawAfter = rawNamePass(huge, &rawCount);
    const qint64 hwmAfter = statusKib(pid, "VmHWM:");
    const qint64 rssAfter = statusKib(pid, "VmRSS:");
    const double splitAfter = rawSplitPass(huge, &splitCount);
    std::printf("%d entries: first page median of %lld %.1f ms (min %.1f; %lld entries, "
                "remaining %lld), next pages median %.2f ms\n",
                big, static_cast<long long>(firstMs.size()), median(firstMs),
                *std::min_element(firstMs.begin(), firstMs.end()),
                static_cast<long long>(page.entries.size()), static_cast<long long>(page.remaining),
                median(nextMs));
    std::printf("raw limit: one bare readdir pass over the %lld names: %.1f ms before, %.1f ms "
                "after the listing (target for the first page: 50 ms)\n",
                static_cast<long long>(rawCount), rawBefore, rawAfter);
    std::printf(
        "raw limit split by position over %d threads (ext4, XFS; -1: not split): %lld names "
        "in %.1f ms before, %.1f ms after\n",
        QThread::idealThreadCount(), static_cast<long long>(splitCount), splitBefore, splitAfter);
    std::printf("daemon RSS before %lld KiB, after %lld KiB (growth %.2f MiB); peak RSS before "
                "%lld KiB, after %lld KiB (growth %.2f MiB)\n",
                static_cast<long long>(rssBefore), static_cast<long long>(rssAfter),
                (rssAfter - rssBefore) / 1024.0, static_cast<long long>(hwmBefore),
                static_cast<long long>(hwmAfter), (hwmAfter - hwmBefore) / 1024.0);
    std::printf("removing the entries...\n");
    return 0;
}
