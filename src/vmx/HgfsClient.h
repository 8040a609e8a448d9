#pragma once

#include "hgfs/codec/HgfsAttrOps.h"
#include "hgfs/codec/HgfsHeader.h"

#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace gk::vmx {

// Carries one HGFS request packet to the guest and returns the reply packet,
// or sets *problem (transport failure, not an HGFS status).
using HgfsTransport = std::function<QByteArray(const QByteArray &packet, QString *problem)>;

// The outcome of one HGFS call or transfer.
struct HgfsOutcome
{
    hgfs::HgfsStatus status = hgfs::HgfsStatus::Success;
    QString problem; // transport or protocol trouble; status is then TransportError/ProtocolError

    bool ok() const { return status == hgfs::HgfsStatus::Success && problem.isEmpty(); }
    QString message() const;
};

struct HgfsTransferStats
{
    qint64 bytes = 0;
    qint64 packets = 0;
    quint32 packetSize = 0; // negotiated
};

// Host side of a transfer, the order a VMX and govmomi's client use
// (docs/hgfs-protocol.md "Sequences"): CREATE_SESSION_V4, OPEN_V3 for writing
// or GETATTR_V2 + OPEN for reading, WRITE_V3 / READ_V3 loops with 64-bit
// offsets, CLOSE, DESTROY_SESSION_V4. Every packet uses the session header.
class HgfsClient
{
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;

    explicit HgfsClient(HgfsTransport transport, quint32 packetSize = hgfs::kLegacyLargePacketMax);

    // Ops, one packet each.
    HgfsOutcome createSession();
    HgfsOutcome destroySession();
    HgfsOutcome getattr(const QString &path, hgfs::HgfsAttr *attr);
    HgfsOutcome open(const QString &path, quint32 mode, hgfs::HgfsOpenFlags flags, quint32 *handle);
    HgfsOutcome read(quint32 handle, quint64 offset, quint32 size, QByteArray *data);
    HgfsOutcome write(quint32 handle, quint64 offset, const QByteArray &data);
    HgfsOutcome close(quint32 handle);
    // The reply to an arbitrary packet (tests).
    HgfsOutcome raw(const QByteArray &packet, QByteArray *reply);

    // Whole transfers. Upload reads `size` bytes from `source` (front to
    // back); overwrite=false refuses an existing target (OPEN_CREATE_SAFE).
    HgfsOutcome upload(QIODevice &source, qint64 size, const QString &remote, bool overwrite,
                       const Progress &progress = {}, HgfsTransferStats *stats = nullptr);
    // Download writes the file to `sink`; *size gets the size GETATTR reported.
    HgfsOutcome download(const QString &remote, QIODevice &sink, const Progress &progress = {},
                         HgfsTransferStats *stats = nullptr);

    quint32 packetSize() const { return m_packetSize; }
    quint64 sessionId() const { return m_sessionId; }
    // Data bytes one WRITE_V3 / READ_V3 carries in this session.
    quint32 writeChunk() const;
    quint32 readChunk() const;

private:
    HgfsOutcome call(quint32 op, const QByteArray &args, QByteArray *body);
    // call(), then the reply body through `decode` (a body it refuses is a
    // protocol error) into *value.
    template <typename Value, typename Decode>
    HgfsOutcome exchange(quint32 op, const QByteArray &args, Decode decode, Value *value);

    HgfsTransport m_transport;
    quint32 m_packetSize;
    quint64 m_sessionId = hgfs::kInvalidSessionId;
    quint32 m_nextId = 1;
};

class VixClient;

// Each packet as the VMX sends it: a VIX HgfsSendPacket request with the
// client's credentials, binary reply form. `client` must outlive the transport.
HgfsTransport hgfsOverVix(VixClient &client, int timeoutMs = 30000);

// "/tmp/a" -> {"root", "tmp", "a"}.
QStringList hgfsComponents(const QString &path);

} // namespace gk::vmx
