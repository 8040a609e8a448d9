// HGFS transfer benchmark: upload and download of a 256 MiB file through the
// real guestkitd over the sim channel on a Unix socket, each packet a VIX
// HgfsSendPacket request as a VMX sends it, at 60 KiB packets and at the
// largest packet a VIX request can carry (HGFS_LEGACY_LARGE_PACKET_MAX, 62
// KiB); peak daemon RSS during each. Beside them, the raw limit measured in
// the same run: two bare processes over a Unix socket pair exchanging a
// small request and a packet-sized reply (and the reverse). Results go to
// docs/performance.md. As root the transfers run as the test user.
//
// The VMX side is a lean driver written here (as bench_ping's): blocking
// sockets, no event loop, the sim framing, each HGFS packet a VIX
// HgfsSendPacket request built by the same codec the simulator uses; so the
// rate measures the daemon, not a Qt simulator on the other end.
#include "../common/FrameSocket.h"
#include "BuildPaths.h"
#include "TestUser.h"
#include "vix/codec/VixConstants.h"
#include "vix/codec/VixReply.h"
#include "vmx/DaemonLauncher.h"
#include "vmx/HgfsClient.h"
#include "vmx/VixClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace gk;

namespace {

constexpr qint64 kFileSize = 256LL * 1024 * 1024;

qint64 rssKiB(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// Samples the daemon's VmRSS every 5 ms while a transfer runs.
class RssWatch
{
public:
    explicit RssWatch(qint64 pid) : m_pid(pid), m_start(rssKiB(pid)), m_peak(m_start)
    {
        m_thread = std::thread([this] {
            while (!m_stop) {
                m_peak = std::max<qint64>(m_peak, rssKiB(m_pid));
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
    }
    ~RssWatch() { stop(); }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    qint64 start() const { return m_start; }
    qint64 peak() const { return m_peak; }

private:
    qint64 m_pid;
    qint64 m_start;
    std::atomic<qint64> m_peak;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

bool writeAll(int fd, const char *p, size_t n)
{
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w <= 0)
            return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

bool readAll(int fd, char *p, size_t n)
{
    while (n > 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r <= 0)
            return false;
        p += r;
        n -= size_t(r);
    }
    return true;
}

// One framed message (uint32 length + payload), as the sim channel frames.
bool sendFrame(int fd, const QByteArray &payload)
{
    const quint32 n = quint32(payload.size());
    return writeAll(fd, reinterpret_cast<const char *>(&n), 4) &&
           writeAll(fd, payload.constData(), payload.size());
}

bool recvFrame(int fd, QByteArray &buf)
{
    quint32 n = 0;
    if (!readAll(fd, reinterpret_cast<char *>(&n), 4))
        return false;
    buf.resize(n);
    return readAll(fd, buf.data(), n);
}

// Payload MiB/s of `exchanges` round trips between this process and a bare
// forked child: request of `requestSize` bytes, reply of `replySize`. With
// `sink`, the child also appends `payloadEach` bytes of each request to that
// file before replying, and a last 1-byte request makes it fdatasync() the
// file before its reply (the file system work and the durability of an
// upload's CLOSE; without `sync`, as guestkitd with durable_uploads = false,
// no fdatasync); the file is removed at the end.
double rawLimit(qint64 exchanges, int requestSize, int replySize, qint64 payloadEach,
                const QByteArray &sink = {}, bool sync = true)
{
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return 0;
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(sv[0]);
        const int out = sink.isEmpty() ? -1
                                       : ::open(sink.constData(),
                                                O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        QByteArray in;
        const QByteArray reply(replySize, 'r');
        const auto store = [&] {
            if (out < 0)
                return true;
            if (in.size() == 1)
                return !sync || ::fdatasync(out) == 0;
            return ::write(out, in.constData(), size_t(std::min<qint64>(payloadEach, in.size()))) >
                   0;
        };
        while (recvFrame(sv[1], in) && store() && sendFrame(sv[1], reply)) {
        }
        if (out >= 0)
            ::unlink(sink.constData());
        ::_exit(0);
    }
    ::close(sv[1]);
    const QByteArray request(requestSize, 'q');
    QByteArray in;
    QElapsedTimer t;
    t.start();
    for (qint64 i = 0; i < exchanges; ++i) {
        if (!sendFrame(sv[0], request) || !recvFrame(sv[0], in))
            break;
    }
    if (!sink.isEmpty() && sendFrame(sv[0], QByteArray(1, 'c')))
        recvFrame(sv[0], in);
    const double seconds = t.nsecsElapsed() / 1e9;
    ::close(sv[0]);
    ::waitpid(child, nullptr, 0);
    return double(exchanges * payloadEach) / seconds / (1024 * 1024);
}

// The guest's RPCI requests answered "1 " (capabilities, guest info), each
// connection on its own thread.
void serveRpci(int listener)
{
    for (;;) {
        const int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            return;
        std::thread([fd] {
            FrameSocket s(fd);
            std::string request;
            if (s.receive(&request) && request == "RPCI") {
                while (s.receive(&request) && s.send("1 ")) {
                }
            }
            ::close(fd);
        }).detach();
    }
}

// The VMX end of the daemon's TCLO connection, after the hello and `reset`.
class LeanVmx
{
public:
    // Listens on `path`; connect() then waits for the daemon.
    bool listen(const QByteArray &path)
    {
        m_listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr = {};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.constData(), sizeof addr.sun_path - 1);
        return m_listener >= 0 &&
               ::bind(m_listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
               ::listen(m_listener, 16) == 0;
    }
    // The daemon's first connection is TCLO; its RPCI ones follow.
    bool connect()
    {
        const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            return false;
        m_tclo = std::make_unique<FrameSocket>(fd);
        std::thread(serveRpci, m_listener).detach();
        std::string frame;
        return m_tclo->receive(&frame) && frame == "TCLO" && m_tclo->receive(&frame) &&
               frame.empty() && m_tclo->send("reset") && m_tclo->receive(&frame) &&
               frame == "OK ATR toolbox";
    }
    // Where the time of the calls since the last reset went, in ns: the VMX
    // side building each request (between one reply and the next request),
    // writing it to the socket, and waiting for the guest's reply.
    struct Split
    {
        qint64 build = 0;
        qint64 send = 0;
        qint64 wait = 0;
        qint64 longestWait = 0;
        qint64 calls = 0;
    };
    void resetSplit()
    {
        m_split = {};
        m_lastReply = -1;
    }
    const Split &split() const { return m_split; }

    // One TCLO command and its reply.
    bool call(const QByteArray &command, QByteArray *reply)
    {
        const char *in = nullptr;
        size_t size = 0;
        const qint64 start = m_clock.nsecsElapsed();
        if (m_lastReply >= 0)
            m_split.build += start - m_lastReply;
        if (!m_tclo->send(command.constData(), size_t(command.size())))
            return false;
        const qint64 sent = m_clock.nsecsElapsed();
        if (!m_tclo->receive(&in, &size))
            return false;
        m_lastReply = m_clock.nsecsElapsed();
        m_split.send += sent - start;
        m_split.wait += m_lastReply - sent;
        m_split.longestWait = std::max(m_split.longestWait, m_lastReply - sent);
        ++m_split.calls;
        *reply = QByteArray(in, qsizetype(size));
        return true;
    }

private:
    int m_listener = -1;
    std::unique_ptr<FrameSocket> m_tclo;
    QElapsedTimer m_clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    Split m_split;
    qint64 m_lastReply = -1;
};

// Each HGFS packet as the VMX sends it: a VIX HgfsSendPacket request with
// the credentials, binary reply form, straight over the lean TCLO channel.
vmx::HgfsTransport hgfsOverLeanVmx(LeanVmx &vmx, const vmx::VixCredentials &credentials)
{
    auto next = std::make_shared<quint32>(1);
    return [&vmx, credentials, next](const QByteArray &packet, QString *problem) -> QByteArray {
        const QByteArray command = vmx::encodeRelayedHgfsPacket(credentials, (*next)++, packet);
        QByteArray reply;
        if (!vmx.call(command, &reply) || !reply.startsWith("OK ")) {
            *problem = QStringLiteral("the guest refused the command: %1")
                           .arg(QString::fromUtf8(reply.left(200)));
            return {};
        }
        vix::Decoded<vix::VixReply> decoded = vix::VixReply::decode(reply.mid(3), true);
        if (!decoded.ok()) {
            *problem = decoded.error().reason;
            return {};
        }
        if (decoded.value().error != vix::VixErr::Ok) {
            *problem = QStringLiteral("VIX error %1").arg(qint64(decoded.value().error));
            return {};
        }
        return std::move(decoded).value().result;
    };
}

struct Run
{
    LeanVmx::Split split; // of the best round
    double mibPerSecond = 0;
    qint64 rssStart = 0;
    qint64 rssPeak = 0;
    bool ok = true;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QString why;
    test::TestUser user;
    const bool asUser = test::TestUser::isRoot() && test::TestUser::ensure(&user, &why) &&
                        test::ensurePamService(&why);
    QByteArray config = "[logging]\nsyslog = false\n";
    // BENCH_HANDOFF_US: [vix] handoff_wait_us for the daemon (default: its own).
    if (qEnvironmentVariableIsSet("BENCH_HANDOFF_US"))
        config += "[vix]\nhandoff_wait_us = " + qgetenv("BENCH_HANDOFF_US") + "\n";
    config += asUser ? "" : "[auth]\nmode = none\n";
    config += qgetenv("BENCH_EXTRA_CONFIG");
    // With uploads not made durable, the storage limit skips the fdatasync too.
    const bool durable = !QString::fromLocal8Bit(qgetenv("BENCH_EXTRA_CONFIG"))
                              .contains(QRegularExpression(
                                  QStringLiteral("durable_uploads\\s*=\\s*(false|no|off|0)"),
                                  QRegularExpression::CaseInsensitiveOption));

    QTemporaryDir dir;
    QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7777));
    const QString socketPath = dir.filePath(QStringLiteral("vmx.sock"));
    LeanVmx vmx;
    const auto endpoint =
        channel::ChannelEndpoint::parse(QStringLiteral("sim:unix:%1").arg(socketPath), &why);
    vmx::DaemonLauncher daemon;
    if (!endpoint || !vmx.listen(QFile::encodeName(socketPath)) ||
        !daemon.start(gk::test::guestkitdPath(), *endpoint, config, QStringLiteral("error"),
                      &why) ||
        !vmx.connect()) {
        std::fprintf(stderr, "bench_hgfs: %s\n",
                     why.isEmpty() ? "handshake failed" : qPrintable(why));
        return 1;
    }
    const qint64 pid = daemon.process().processId();
    const vmx::VixCredentials credentials =
        asUser ? vmx::VixCredentials{user.name, user.password, {}} : vmx::VixCredentials{};
    std::printf("guestkitd %s; transfers run as %s; file %lld MiB\n", GUESTKIT_VERSION,
                asUser ? qPrintable(user.name) : "the daemon's own user (auth = none)",
                kFileSize >> 20);

    const QString source = dir.filePath(QStringLiteral("source.bin"));
    {
        QFile f(source);
        f.open(QIODevice::WriteOnly);
        QByteArray block(1024 * 1024, Qt::Uninitialized);
        for (qint64 i = 0; i < kFileSize / block.size(); ++i) {
            for (qsizetype j = 0; j < block.size(); j += 8)
                memcpy(block.data() + j, &i, 8);
            f.write(block);
        }
    }
    // Warm-up: authentication into the credential cache, page cache filled.
    {
        QFile src(source);
        src.open(QIODevice::ReadOnly);
        vmx::HgfsClient c(hgfsOverLeanVmx(vmx, credentials));
        c.upload(src, 1024 * 1024, dir.filePath(QStringLiteral("warm")), true);
    }

    // Rounds alternate raw and daemon so both see the same machine conditions
    // (the build machine is shared); each measure keeps its best round.
    const int rounds = argc > 1 ? std::max(1, atoi(argv[1])) : 3;
    // BENCH_ONLY=upload|download: one direction only (for profiling one of them).
    const QByteArray only = qgetenv("BENCH_ONLY");
    for (const quint32 packet : {61440u, gk::hgfs::kLegacyLargePacketMax}) {
        const QString remote = dir.filePath(QStringLiteral("remote-%1.bin").arg(packet));
        Run up;
        Run down;
        double rawUp = 0;
        double rawUpStored = 0;
        double rawDown = 0;
        const qint64 chunk = packet - 77; // session header + WRITE_V3 fixed part
        const qint64 exchanges = kFileSize / chunk;
        const auto measure = [&](Run &run, bool upload) {
            // Each upload creates its file, as the raw pair's child does.
            // BENCH_REPLACE=1: each replaces the previous round's file
            // instead, which the commit then frees (linux/ReplacedFile.h).
            if (upload && !qEnvironmentVariableIsSet("BENCH_REPLACE"))
                QFile::remove(remote);
            vmx::HgfsClient c(hgfsOverLeanVmx(vmx, credentials), packet);
            QFile file(upload ? source : QStringLiteral("/dev/null"));
            file.open(upload ? QIODevice::ReadOnly : QIODevice::WriteOnly);
            RssWatch rss(pid);
            QElapsedTimer t;
            t.start();
            vmx.resetSplit();
            const bool ok = upload ? c.upload(file, kFileSize, remote, true).ok()
                                   : c.download(remote, file).ok();
            const double rate = double(kFileSize) / (t.nsecsElapsed() / 1e9) / (1024 * 1024);
            rss.stop();
            run.ok = run.ok && ok;
            if (rate > run.mibPerSecond)
                run.split = vmx.split();
            run.mibPerSecond = std::max(run.mibPerSecond, rate);
            run.rssStart = run.rssStart ? std::min(run.rssStart, rss.start()) : rss.start();
            run.rssPeak = std::max(run.rssPeak, rss.peak());
        };
        for (int round = 0; round < rounds; ++round) {
            if (only != "download")
                measure(up, true);
            if (only != "upload")
                measure(down, false);
            // Small request, packet-sized reply (download), and the reverse (upload).
            rawDown = std::max(rawDown, rawLimit(exchanges, 200, int(packet) + 100, chunk));
            rawUp = std::max(rawUp, rawLimit(exchanges, int(packet) + 250, 120, chunk));
            if (only != "download")
                rawUpStored = std::max(
                    rawUpStored,
                    rawLimit(exchanges, int(packet) + 250, 120, chunk,
                             QFile::encodeName(dir.filePath(QStringLiteral("raw.bin"))), durable));
        }
        QFile::remove(remote);
        const auto report = [&](const char *what, const Run &r, double raw) {
            const double share = raw > 0 ? 100 * r.mibPerSecond / raw : 0;
            const qint64 growth = r.rssPeak - r.rssStart;
            std::printf("%-8s packet %6u: %8.1f MiB/s  raw %8.1f MiB/s  %5.1f %% (target >= 50 %%: "
                        "%s)  RSS %lld -> peak %lld KiB (+%lld KiB, target < 16384: %s)%s\n",
                        what, packet, r.mibPerSecond, raw, share, share >= 50 ? "met" : "MISSED",
                        r.rssStart, r.rssPeak, growth, growth < 16384 ? "met" : "MISSED",
                        r.ok ? "" : "  TRANSFER FAILED");
            if (const qint64 n = std::max<qint64>(1, r.split.calls); r.split.calls > 0)
                std::printf("  per packet, best round: VMX side builds the request %.1f us, "
                            "writes it %.1f us, waits for the guest's reply %.1f us (longest wait "
                            "%.1f ms)\n",
                            r.split.build / 1e3 / double(n), r.split.send / 1e3 / double(n),
                            r.split.wait / 1e3 / double(n), r.split.longestWait / 1e6);
        };
        if (only != "download")
            report("upload", up, rawUp);
        if (only != "download")
            std::printf("  raw pair whose child also writes each packet's data to a file in the "
                        "upload's directory%s: %.1f MiB/s (guestkitd: %.1f %% of it)\n",
                        durable ? ", and fdatasync()s it at the end" : " (no fdatasync)",
                        rawUpStored, rawUpStored > 0 ? 100 * up.mibPerSecond / rawUpStored : 0);
        if (only != "upload")
            report("download", down, rawDown);
        std::fflush(stdout);
    }
    return 0;
}
