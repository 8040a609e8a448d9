#pragma once

#include "DataMapCodec.h"
#include "StreamTransport.h"

#include <QTimer>

#include <functional>

class QIODevice;

namespace gk::channel {

// One GuestRPC channel over vsock (open-vm-tools lib/rpcIn/rpcin.c and
// lib/rpcChannel/vsockChannel.c): a stream to the hypervisor carrying
// DataMap packets. TCLO: the VMX pushes each command as a data packet and
// the guest answers each with one, no polling; after the first answer the
// guest sends a ping packet every second. RPCI: a request packet, a reply
// packet that starts with "1 " or "0 ".
class VsockTransport : public StreamTransport
{
    Q_OBJECT
public:
    static constexpr quint32 kTcloPort = 975; // GUESTRPC_TCLO_VSOCK_LISTEN_PORT
    static constexpr quint32 kRpciPort = 976; // GUESTRPC_RPCI_VSOCK_LISTEN_PORT
    static constexpr int kKeepAliveMs = 1000; // RPCIN_HEARTBEAT_INTERVAL

    // Opens the connected stream (vsock in the product, a local socket in
    // tests); nullptr with an error when there is none.
    using Opener = std::function<QIODevice *(ChannelRole role, QObject *parent, QString *error)>;

    VsockTransport(Opener opener, ChannelRole role, QObject *parent = nullptr);
    ~VsockTransport() override;

    void open() override;
    bool send(const QByteArray &message) override;
    QString describe() const override;

protected:
    void teardown() override;
    void handleRecord(const QByteArray &raw) override;

private:
    void openNow();
    void write(const GuestRpcPacket &packet) { writeNow(packet.encode()); }

    Opener m_opener;
    QTimer m_start;
    QTimer m_keepAlive;
    bool m_firstReplySwallowed = false;
};

} // namespace gk::channel
