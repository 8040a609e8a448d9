// Prints the latency of SessionFiles::stat as a guest user (median of
// 10,000 calls) and the time to list a 20,000-entry directory.
// Targets (docs/platform.md): stat < 20 us, listing < 50 ms.
#include "TestUser.h"
#include "platform/Authenticator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace gk::platform;

namespace {

constexpr int kStats = 10000;
constexpr int kEntries = 20000;

double medianMicros(std::vector<qint64> &ns)
{
    std::sort(ns.begin(), ns.end());
    return double(ns[ns.size() / 2]) / 1000.0;
}

// Median latency of `kStats` calls of `statOnce`.
template <typename F> double measure(F statOnce)
{
    std::vector<qint64> samples;
    samples.reserve(kStats);
    QElapsedTimer t;
    for (int i = 0; i < kStats; ++i) {
        t.start();
        if (!statOnce())
            return -1;
        samples.push_back(t.nsecsElapsed());
    }
    return medianMicros(samples);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString why;
    gk::test::TestUser user;
    if (!gk::test::TestUser::ensure(&user, &why) || !gk::test::ensurePamService(&why)) {
        std::fprintf(stderr, "bench_platform_files: %s\n", qPrintable(why));
        return 1;
    }
    auto auth = createAuthenticator();
    auto login = auth->authenticate(user.name, user.password);
    if (!login.ok()) {
        std::fprintf(stderr, "bench_platform_files: %s\n", qPrintable(login.error.message));
        return 1;
    }
    std::shared_ptr<GuestSession> session = login.value;

    QTemporaryDir tmp;
    const QByteArray dir = QFile::encodeName(tmp.path());
    if (::chown(dir.constData(), uid_t(user.uid), gid_t(user.gid)) != 0 ||
        ::chmod(dir.constData(), 0755) != 0)
        return 1;
    for (int i = 0; i < kEntries; ++i) {
        const QByteArray name = dir + "/entry-" + QByteArray::number(i);
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
            return 1;
        ::close(fd);
    }
    const FilePath target = FilePath::fromBytes(dir + "/entry-42");
    SessionFiles &files = session->files();

    // 1. A worker thread (how VIX/HGFS handlers call): identity taken and
    //    given back around every call.
    double worker = 0, batched = 0;
    std::thread([&] {
        worker = measure([&] { return files.stat(target).ok(); });
        // 2. Many calls inside one run(): one switch for all of them.
        session->run([&] { batched = measure([&] { return files.stat(target).ok(); }); });
    }).join();
    // 3. For comparison: the same call made on the event-loop thread, which
    //    hands it to a pool thread and waits.
    const double hop = measure([&] { return files.stat(target).ok(); });
    // 4. The bare syscall as root, no session.
    struct stat st = {};
    const double bare = measure([&] { return ::lstat(target.bytes().constData(), &st) == 0; });

    // The listing through the session, and the same directory through
    // readdir + fstatat as root with no session (what the file system itself
    // costs on this machine), alternated so both see the same cache state.
    std::vector<qint64> sessionNs, bareNs;
    qint64 listed = 0, bareListed = 0;
    std::thread([&] {
        for (int round = 0; round < 5; ++round) {
            QElapsedTimer t;
            t.start();
            qint64 n = 0;
            auto lister = files.list(FilePath::fromBytes(dir));
            while (lister.ok()) {
                const auto batch = lister.value->nextBatch(1000);
                if (!batch.ok() || batch.value.isEmpty())
                    break;
                n += batch.value.size();
            }
            sessionNs.push_back(t.nsecsElapsed());
            listed = n;

            t.start();
            n = 0;
            if (DIR *d = ::opendir(dir.constData())) {
                while (const dirent *e = ::readdir(d))
                    n += ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0;
                ::closedir(d);
            }
            bareNs.push_back(t.nsecsElapsed());
            bareListed = n - 2; // "." and ".."
        }
    }).join();
    const double listMs = medianMicros(sessionNs) / 1000.0;
    const double bareListMs = medianMicros(bareNs) / 1000.0;

    std::printf("stat as %s, worker thread (switch per call): median %.2f us (target < 20 us)\n",
                qPrintable(user.name), worker);
    std::printf("stat as %s, inside one run():               median %.2f us\n",
                qPrintable(user.name), batched);
    std::printf("stat as %s, from the event-loop thread:     median %.2f us\n",
                qPrintable(user.name), hop);
    std::printf("lstat as root, no session:                   median %.2f us\n", bare);
    std::printf(
        "list %lld entries with attributes as %s:   %.1f ms, median of 5 (target < 50 ms)\n",
        listed, qPrintable(user.name), listMs);
    std::printf("readdir + fstatat of %lld entries as root:     %.1f ms, median of 5\n", bareListed,
                bareListMs);
    return worker > 0 && worker < 20 && listed == kEntries && listMs < 50 ? 0 : 2;
}
