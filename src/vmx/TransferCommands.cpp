// guestkit-vmx upload / download as a VMX runs them: the
// InitiateFileTransferToGuest / FromGuest VIX request, then the HGFS packets,
// each wrapped in a VIX HgfsSendPacket with the user's credentials (govc
// guest.upload/download).
#include "HgfsClient.h"
#include "TransferProgress.h"
#include "VixClient.h"
#include "VmxCommands.h"

#include "platform/Console.h"
#include "vix/codec/VixTransferRequests.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

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

CommandOutput runUpload(VmxSession &s, const QStringList &args)
{
    TransferArgs t;
    QString why;
    if (!parseTransfer(args, &t, &why))
        return CommandOutput::error(why, 2);
    QFile local(t.source);
    if (!local.open(QIODevice::ReadOnly))
        return CommandOutput::error(
            QStringLiteral("cannot read %1: %2").arg(t.source, local.errorString()));
    VixClient vix(s.sim, s.credentials);
    // The vSphere API call comes first: the guest checks the target and the
    // overwrite flag (VixToolsInitiateFileTransferToGuest), then the VMX
    // moves the bytes as HGFS packets.
    vix::FileTransferToGuestRequest initiate;
    initiate.path = t.target;
    initiate.overwrite = t.force;
    const VixCallResult started =
        vix.call(vix::VixOp::InitiateFileTransferToGuest, initiate.encode());
    if (!started.ok())
        return vixErrorOutput(started, &s);
    HgfsClient client(hgfsOverVix(vix), t.packetSize);
    TransferProgress progress(!s.json && platform::stdoutIsTerminal(),
                              QFileInfo(t.source).fileName());
    HgfsTransferStats stats;
    const HgfsOutcome r = client.upload(
        local, local.size(), t.target, t.force,
        [&progress](qint64 done, qint64 total) { progress.update(done, total); }, &stats);
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
    if (!t.force && QFileInfo::exists(t.target))
        return CommandOutput::error(QStringLiteral("%1 exists (-f replaces it)").arg(t.target));
    // The local file appears only when the download is complete.
    QSaveFile local(t.target);
    if (!local.open(QIODevice::WriteOnly))
        return CommandOutput::error(
            QStringLiteral("cannot write %1: %2").arg(t.target, local.errorString()));
    VixClient vix(s.sim, s.credentials);
    // InitiateFileTransferFromGuest: the guest checks the file and reports it.
    vix::FileTransferFromGuestRequest initiate;
    initiate.path = t.source;
    const VixCallResult started =
        vix.call(vix::VixOp::InitiateFileTransferFromGuest, initiate.encode());
    if (!started.ok())
        return vixErrorOutput(started, &s);
    HgfsClient client(hgfsOverVix(vix), t.packetSize);
    TransferProgress progress(!s.json && platform::stdoutIsTerminal(),
                              QFileInfo(t.source).fileName());
    HgfsTransferStats stats;
    const HgfsOutcome r = client.download(
        t.source, local, [&progress](qint64 done, qint64 total) { progress.update(done, total); },
        &stats);
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
         QStringLiteral("copy a local file into the guest over HGFS (-f: replace REMOTE)"),
         runUpload},
        {QStringLiteral("download"), QStringLiteral("[-f] [--packet-size BYTES] REMOTE LOCAL"),
         QStringLiteral("copy a guest file here over HGFS (-f: replace LOCAL)"), runDownload},
    };
}

} // namespace gk::vmx
