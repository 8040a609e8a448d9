// Archive and process-output benchmark through the real guestkitd over the
// sim channel (as the test user with PAM when run as root, as a VMX would
// act for a vSphere user; otherwise auth = none, the daemon's own user), each HGFS packet inside a
// VIX HgfsSendPacket as a VMX sends it:
//  - download of a directory of 20,000 files of 512 bytes as "/archive:"
//    (tar.gz built on the fly in the guest), seconds;
//  - upload of that archive into a new directory (extracted on the fly),
//    seconds;
//  - a program writing 256 MiB to stdout read through /proc/<pid>/stdout,
//    MiB/s, beside a plain 256 MiB HGFS file download for comparison.
// Beside them, the raw limit on the same machine in the same run: GNU tar
// creating and extracting the same tree as tar.gz (`tar -czf`, `tar -xzf`),
// local files only, no transfer.
// Results go to docs/performance.md.
#include "BuildPaths.h"
#include "TestUser.h"
#include "vix/codec/VixProcessRequests.h"
#include "vmx/DaemonLauncher.h"
#include "vmx/HgfsClient.h"
#include "vmx/ProcessIoClient.h"
#include "vmx/VixClient.h"
#include "vmx/VmxSimulator.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace gk;

namespace {

constexpr int kFiles = 20000;
constexpr int kFileBytes = 512;
constexpr qint64 kOutput = 256LL * 1024 * 1024;

// Seconds `tar ARGS` took, or -1 when it failed.
double timedTar(const QStringList &args)
{
    QElapsedTimer t;
    t.start();
    QProcess tar;
    tar.start(QStringLiteral("tar"), args);
    if (!tar.waitForFinished(120000) || tar.exitStatus() != QProcess::NormalExit ||
        tar.exitCode() != 0)
        return -1;
    return t.elapsed() / 1000.0;
}

double mib(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    QString why;
    test::TestUser user;
    const bool asUser = test::TestUser::isRoot() && test::TestUser::ensure(&user, &why) &&
                        test::ensurePamService(&why);
    // The user reads the tree and writes the copy in here.
    QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7777));
    vmx::VmxSimulator sim;
    const auto endpoint = channel::ChannelEndpoint::parse(
        QStringLiteral("sim:unix:%1").arg(dir.filePath(QStringLiteral("vmx.sock"))), &why);
    if (!endpoint || !sim.listen(*endpoint, &why)) {
        std::fprintf(stderr, "listen: %s\n", qPrintable(why));
        return 1;
    }
    vmx::DaemonLauncher daemon;
    const QByteArray config =
        QByteArray("[logging]\nsyslog = false\n") + (asUser ? "" : "[auth]\nmode = none\n");
    if (!daemon.start(gk::test::guestkitdPath(), *endpoint, config, QStringLiteral("warning"),
                      &why) ||
        !sim.waitForGuest(15000)) {
        std::fprintf(stderr, "daemon: %s\n", qPrintable(why));
        return 1;
    }
    vmx::VixClient vix(sim, asUser ? vmx::VixCredentials{user.name, user.password, {}}
                                   : vmx::VixCredentials{});
    std::printf("operations run as %s\n",
                asUser ? qPrintable(user.name) : "the daemon's own user (auth = none)");
    // The first check of a password (PAM, yescrypt) is not part of any transfer.
    if (!vix.call(vix::VixOp::ValidateCredentials, {}).ok()) {
        std::fprintf(stderr, "the credentials were refused\n");
        return 1;
    }

    // The tree.
    const QString src = dir.filePath(QStringLiteral("tree"));
    const QByteArray content(kFileBytes, 'x');
    for (int d = 0; d < kFiles / 100; ++d) {
        const QString sub = src + QStringLiteral("/d%1").arg(d);
        QDir().mkpath(sub);
        for (int i = 0; i < 100; ++i) {
            QFile f(sub + QStringLiteral("/f%1").arg(i));
            if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
                return 1;
        }
    }

    // The raw limit: GNU tar on the same tree, same disk.
    const QString rawArchive = dir.filePath(QStringLiteral("raw.tgz"));
    const double rawCreate = timedTar({QStringLiteral("-czf"), rawArchive, QStringLiteral("-C"),
                                       dir.path(), QStringLiteral("tree")});
    QDir().mkpath(dir.filePath(QStringLiteral("raw-out")));
    const double rawExtract = timedTar(
        {QStringLiteral("-xzf"), rawArchive, QStringLiteral("-C"), dir.filePath("raw-out")});

    // Archive download.
    QBuffer archive;
    archive.open(QIODevice::WriteOnly);
    QElapsedTimer t;
    t.start();
    vmx::HgfsOutcome r =
        vmx::HgfsClient(vmx::hgfsOverVix(vix)).download(QStringLiteral("/archive:") + src, archive);
    const double downSeconds = t.elapsed() / 1000.0;
    if (!r.ok()) {
        std::fprintf(stderr, "download: %s\n", qPrintable(r.message()));
        return 1;
    }
    QByteArray bytes = archive.data();
    bytes.chop(3); // govmomi's trailer

    // Archive upload into a new directory.
    QBuffer source;
    source.setData(bytes);
    source.open(QIODevice::ReadOnly);
    t.restart();
    r = vmx::HgfsClient(vmx::hgfsOverVix(vix))
            .upload(source, bytes.size(), QStringLiteral("/archive:") + dir.filePath("copy"), true);
    const double upSeconds = t.elapsed() / 1000.0;
    if (!r.ok()) {
        std::fprintf(stderr, "upload: %s\n", qPrintable(r.message()));
        return 1;
    }

    // Process output.
    vix::StartProgramRequest start;
    start.programPath = QStringLiteral("head");
    start.arguments = QStringLiteral("-c %1 /dev/zero").arg(kOutput);
    const vmx::VixCallResult started = vix.call(vix::VixOp::StartProgram, start.encode());
    if (!started.ok()) {
        std::fprintf(stderr, "start failed\n");
        return 1;
    }
    vmx::ProcessIoClient io(vix, started.reply.result.toLongLong());
    qint64 got = 0;
    t.restart();
    r = io.readOutput(
        [&got](const QByteArray &d) {
            got += d.size();
            return true;
        },
        [](const QByteArray &) { return true; });
    const double runSeconds = t.elapsed() / 1000.0;
    if (!r.ok() || got != kOutput) {
        std::fprintf(stderr, "run: %s (%lld bytes)\n", qPrintable(r.message()), got);
        return 1;
    }

    // A plain file of the same size, for comparison.
    const QString big = dir.filePath(QStringLiteral("big"));
    {
        QFile f(big);
        if (!f.open(QIODevice::WriteOnly) || !f.resize(kOutput))
            return 1;
    }
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    t.restart();
    r = vmx::HgfsClient(vmx::hgfsOverVix(vix)).download(big, sink);
    const double fileSeconds = t.elapsed() / 1000.0;
    if (!r.ok())
        return 1;

    std::printf("archive download: %d files x %d B -> %.1f KiB tar.gz in %.3f s\n", kFiles,
                kFileBytes, bytes.size() / 1024.0, downSeconds);
    std::printf("archive upload:   %.3f s\n", upSeconds);
    std::printf("raw limit:        tar -czf %.3f s, tar -xzf %.3f s (GNU tar, same tree)\n",
                rawCreate, rawExtract);
    std::printf("run output:       %.0f MiB in %.2f s = %.1f MiB/s\n", mib(kOutput), runSeconds,
                mib(kOutput) / runSeconds);
    std::printf("file download:    %.0f MiB in %.2f s = %.1f MiB/s (output/file = %.0f %%)\n",
                mib(kOutput), fileSeconds, mib(kOutput) / fileSeconds,
                100.0 * (mib(kOutput) / runSeconds) / (mib(kOutput) / fileSeconds));
    return 0;
}
