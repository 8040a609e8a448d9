// guestkit-vmx upload / download as a VMX runs them: the
// InitiateFileTransferToGuest / FromGuest VIX request, then the HGFS packets,
// each wrapped in a VIX HgfsSendPacket with the user's credentials (govc
// guest.upload/download).
#include "HgfsClient.h"
#include "TransferProgress.h"
#include "VixClient.h"
#include "VmxCommands.h"

#include "hgfs/server/ArchiveExtractor.h"
#include "hgfs/server/ArchiveOptions.h"
#include "hgfs/server/ArchiveWriter.h"
#include "hgfs/server/BoundedPipe.h"
#include "platform/Authenticator.h"
#include "platform/Console.h"
#include "vix/codec/VixTransferRequests.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

#include <optional>
#include <thread>

namespace gk::vmx {

namespace {

struct TransferArgs
{
    QString source;
    QString target;
    bool force = false;
    quint32 packetSize = hgfs::kLegacyLargePacketMax;
};

// [-f] [--packet-size N] SOURCE TARGET
bool parseTransfer(const QStringList &args, TransferArgs *out, QString *why)
{
    QStringList rest;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("-f")) {
            out->force = true;
        } else if (a == QLatin1String("--packet-size") && i + 1 < args.size()) {
            bool ok = false;
            out->packetSize = args.at(++i).toUInt(&ok);
            if (!ok || out->packetSize < 1024 || out->packetSize > hgfs::kLargePacketMax) {
                *why = QStringLiteral("--packet-size must be 1024..%1").arg(hgfs::kLargePacketMax);
                return false;
            }
        } else {
            rest << a;
        }
    }
    if (rest.size() != 2) {
        *why = QStringLiteral("usage: [-f] [--packet-size BYTES] SOURCE TARGET");
        return false;
    }
    out->source = rest.at(0);
    out->target = rest.at(1);
    return true;
}

CommandOutput summary(const QString &verb, const TransferArgs &t, const HgfsTransferStats &st,
                      qint64 ms)
{
    const double seconds = std::max<qint64>(ms, 1) / 1000.0;
    CommandOutput out;
    out.text = QStringLiteral("%1 %2 -> %3: %4 in %5 s (%6/s)")
                   .arg(verb, t.source, t.target, TransferProgress::formatBytes(double(st.bytes)))
                   .arg(seconds, 0, 'f', 2)
                   .arg(TransferProgress::formatBytes(double(st.bytes) / seconds));
    out.json = QJsonObject{{QStringLiteral("operation"), verb},
                           {QStringLiteral("source"), t.source},
                           {QStringLiteral("target"), t.target},
                           {QStringLiteral("bytes"), st.bytes},
                           {QStringLiteral("packets"), st.packets},
                           {QStringLiteral("packetSize"), qint64(st.packetSize)},
                           {QStringLiteral("milliseconds"), ms},
                           {QStringLiteral("bytesPerSecond"), double(st.bytes) / seconds}};
    return out;
}

CommandOutput failed(const QString &verb, const HgfsOutcome &r)
{
    CommandOutput out =
        CommandOutput::error(QStringLiteral("%1 failed: %2").arg(verb, r.message()));
    out.json = QJsonObject{{QStringLiteral("error"), out.text},
                           {QStringLiteral("hgfsStatus"), qint64(r.status)}};
    return out;
}

// Directories travel as govmomi's archives: "/archive:/dir" (a REMOTE
// ending in '/' means the same, as govc's guest.download of "$HOME/").
bool isArchivePath(const QString &remote)
{
    return remote.startsWith(QLatin1String("/archive:")) ||
           (remote.size() > 1 && remote.endsWith(QLatin1Char('/')));
}

QString archivePath(QString remote)
{
    if (remote.startsWith(QLatin1String("/archive:")))
        return remote;
    while (remote.size() > 1 && remote.endsWith(QLatin1Char('/')))
        remote.chop(1);
    return QStringLiteral("/archive:") + remote;
}

bool isArchiveFileName(const QString &name)
{
    return name.endsWith(QLatin1String(".tar.gz")) || name.endsWith(QLatin1String(".tgz")) ||
           name.endsWith(QLatin1String(".tar"));
}

// Local file work for archives goes through the same platform session the
// guest uses (as this user), so a local extraction follows the guest's
// rules: nothing outside the target, a refused archive changes nothing.
std::shared_ptr<platform::GuestSession> localSession()
{
    static std::unique_ptr<platform::Authenticator> auth = platform::createAuthenticator();
    return auth->daemonSession();
}

// Holds back the last bytes written until close, and drops them if they are
// govmomi's archive trailer.
class TrailerStrippingDevice final : public QIODevice
{
public:
    explicit TrailerStrippingDevice(QIODevice &sink) : m_sink(sink)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    bool finish()
    {
        if (m_held != hgfs::server::archiveTrailer())
            return m_sink.write(m_held) == m_held.size();
        return true;
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *data, qint64 size) override
    {
        m_held.append(data, int(size));
        const qsizetype keep = hgfs::server::archiveTrailer().size();
        if (m_held.size() > keep) {
            const qsizetype n = m_held.size() - keep;
            if (m_sink.write(m_held.constData(), n) != n)
                return -1;
            m_held.remove(0, n);
        }
        return size;
    }

private:
    QIODevice &m_sink;
    QByteArray m_held;
};

// The vSphere API call that opens a transfer: the guest checks the path
// (and for an upload the overwrite flag) before the VMX moves any HGFS
// packet (VixToolsInitiateFileTransferToGuest / FromGuest). The error to
// print when the guest refuses.
std::optional<CommandOutput> initiateTransfer(VmxSession &s, VixClient &vix, bool toGuest,
                                              const QString &remote, bool overwrite = false)
{
    VixCallResult started;
    if (toGuest) {
        vix::FileTransferToGuestRequest req;
        req.path = remote;
        req.overwrite = overwrite;
        started = vix.call(vix::VixOp::InitiateFileTransferToGuest, req.encode());
    } else {
        vix::FileTransferFromGuestRequest req;
        req.path = remote;
        started = vix.call(vix::VixOp::InitiateFileTransferFromGuest, req.encode());
    }
    if (!started.ok())
        return vixErrorOutput(started, &s);
    return std::nullopt;
}

// A progress line on a terminal, none for JSON output.
TransferProgress progressFor(const VmxSession &s, const QString &label)
{
    return TransferProgress(!s.json && platform::stdoutIsTerminal(), label);
}

CommandOutput runUploadDirectory(VmxSession &s, const TransferArgs &t)
{
    VixClient vix(s.sim, s.credentials);
    const QString remote = archivePath(t.target);
    if (auto refused = initiateTransfer(s, vix, true, remote, t.force))
        return *refused;
    // The tar.gz is built while it is sent: a producer thread walks the
    // directory into a bounded pipe, the HGFS writes take from it.
    auto pipe = std::make_shared<hgfs::server::BoundedPipe>();
    hgfs::server::ArchiveRequest req;
    req.path = QFile::encodeName(QFileInfo(t.source).absoluteFilePath());
    std::thread producer([pipe, req] { hgfs::server::writeArchive(localSession(), req, pipe); });
    hgfs::server::PipeReadDevice source(pipe);
    source.open(QIODevice::ReadOnly);
    HgfsClient client(hgfsOverVix(vix), t.packetSize);
    TransferProgress progress = progressFor(s, QFileInfo(t.source).fileName() + QLatin1Char('/'));
    HgfsTransferStats stats;
    const HgfsOutcome r = client.upload(source, -1, remote, true, progress.reporter(), &stats);
    pipe->cancel(QStringLiteral("the upload ended"));
    producer.join();
    progress.finish();
    if (!source.streamError().isEmpty() &&
        source.streamError() != QLatin1String("the upload ended"))
        return CommandOutput::error(QStringLiteral("upload failed: %1").arg(source.streamError()));
    if (!r.ok())
        return failed(QStringLiteral("upload"), r);
    return summary(QStringLiteral("upload"), t, stats, progress.elapsedMs());
}

CommandOutput runDownloadDirectory(VmxSession &s, const TransferArgs &t)
{
    const QString remote = archivePath(t.source);
    const bool keepArchive = isArchiveFileName(t.target);
    if (!t.force && QFileInfo::exists(t.target) && (keepArchive || !QFileInfo(t.target).isDir()))
        return CommandOutput::error(QStringLiteral("%1 exists (-f replaces it)").arg(t.target));
    VixClient vix(s.sim, s.credentials);
    if (auto refused = initiateTransfer(s, vix, false, remote))
        return *refused;
    HgfsClient client(hgfsOverVix(vix), t.packetSize);
    TransferProgress progress = progressFor(s, QFileInfo(t.source).fileName() + QLatin1Char('/'));
    HgfsTransferStats stats;
    const auto onProgress = progress.reporter();
    if (keepArchive) {
        QSaveFile local(t.target);
        if (!local.open(QIODevice::WriteOnly))
            return CommandOutput::error(
                QStringLiteral("cannot write %1: %2").arg(t.target, local.errorString()));
        TrailerStrippingDevice sink(local);
        const HgfsOutcome r = client.download(remote, sink, onProgress, &stats);
        progress.finish();
        if (!r.ok())
            return failed(QStringLiteral("download"), r);
        if (!sink.finish() || !local.commit())
            return CommandOutput::error(
                QStringLiteral("cannot write %1: %2").arg(t.target, local.errorString()));
        return summary(QStringLiteral("download"), t, stats, progress.elapsedMs());
    }
    // Extracted here while it arrives, by the guest's own extractor.
    auto pipe = std::make_shared<hgfs::server::BoundedPipe>();
    hgfs::server::HgfsError extracted;
    const QByteArray target = QFile::encodeName(QFileInfo(t.target).absoluteFilePath());
    std::thread consumer([pipe, target, &extracted] {
        hgfs::server::PipeReadDevice in(pipe);
        in.open(QIODevice::ReadOnly);
        hgfs::server::ArchiveExtractor extractor(localSession(),
                                                 platform::FilePath::fromBytes(target));
        extracted = extractor.run(in);
        if (extracted.isError())
            pipe->cancel(extracted.message);
    });
    hgfs::server::PipeWriteDevice sink(pipe);
    sink.open(QIODevice::WriteOnly);
    const HgfsOutcome r = client.download(remote, sink, onProgress, &stats);
    if (r.ok())
        pipe->finish();
    else
        pipe->fail(r.message());
    consumer.join();
    progress.finish();
    if (extracted.isError())
        return CommandOutput::error(QStringLiteral("download failed: %1").arg(extracted.message));
    if (!r.ok())
        return failed(QStringLiteral("download"), r);
    return summary(QStringLiteral("download"), t, stats, progress.elapsedMs());
}

CommandOutput runUpload(VmxSession &s, const QStringList &args)
{
    TransferArgs t;
    QString why;
    if (!parseTransfer(args, &t, &why))
        return CommandOutput::error(why, 2);
    if (QFileInfo(t.source).isDir())
        return runUploadDirectory(s, t);
    QFile local(t.source);
    if (!local.open(QIODevice::ReadOnly))
        return CommandOutput::error(
            QStringLiteral("cannot read %1: %2").arg(t.source, local.errorString()));
    VixClient vix(s.sim, s.credentials);
    if (auto refused = initiateTransfer(s, vix, true, t.target, t.force))
        return *refused;
    HgfsClient client(hgfsOverVix(vix), t.packetSize);
    TransferProgress progress = progressFor(s, QFileInfo(t.source).fileName());
    HgfsTransferStats stats;
    const HgfsOutcome r =
        client.upload(local, local.size(), t.target, t.force, progress.reporter(), &stats);
    progress.finish();
    if (!r.ok())
        return failed(QStringLiteral("upload"), r);
    return summary(QStringLiteral("upload"), t, stats, progress.elapsedMs());
}

CommandOutput runDownload(VmxSession &s, const QStringList &args)
{
    TransferArgs t;
    QString why;
    if (!parseTransfer(args, &t, &why))
        return CommandOutput::error(why, 2);
    if (isArchivePath(t.source))
        return runDownloadDirectory(s, t);
    if (!t.force && QFileInfo::exists(t.target))
        return CommandOutput::error(QStringLiteral("%1 exists (-f replaces it)").arg(t.target));
    // The local file appears only when the download is complete.
    QSaveFile local(t.target);
    if (!local.open(QIODevice::WriteOnly))
        return CommandOutput::error(
            QStringLiteral("cannot write %1: %2").arg(t.target, local.errorString()));
    VixClient vix(s.sim, s.credentials);
    if (auto refused = initiateTransfer(s, vix, false, t.source))
        return *refused;
    HgfsClient client(hgfsOverVix(vix), t.packetSize);
    TransferProgress progress = progressFor(s, QFileInfo(t.source).fileName());
    HgfsTransferStats stats;
    const HgfsOutcome r = client.download(t.source, local, progress.reporter(), &stats);
    progress.finish();
    if (!r.ok())
        return failed(QStringLiteral("download"), r);
    if (!local.commit())
        return CommandOutput::error(
            QStringLiteral("cannot write %1: %2").arg(t.target, local.errorString()));
    return summary(QStringLiteral("download"), t, stats, progress.elapsedMs());
}

} // namespace

QList<VmxCommand> transferVmxCommands()
{
    return {
        {QStringLiteral("upload"), QStringLiteral("[-f] [--packet-size BYTES] LOCAL REMOTE"),
         QStringLiteral("copy a local file into the guest over HGFS (-f: replace REMOTE); a "
                        "directory goes as a tar.gz built on the fly and is extracted into "
                        "REMOTE"),
         runUpload},
        {QStringLiteral("download"), QStringLiteral("[-f] [--packet-size BYTES] REMOTE LOCAL"),
         QStringLiteral("copy a guest file here over HGFS (-f: replace LOCAL); REMOTE/ or "
                        "/archive:REMOTE is the directory as a tar.gz, extracted into LOCAL "
                        "(or kept when LOCAL ends in .tar.gz, .tgz or .tar)"),
         runDownload},
    };
}

} // namespace gk::vmx
