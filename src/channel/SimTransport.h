#pragma once

#include "ChannelEndpoint.h"
#include "SimFrameCodec.h"
#include "StreamTransport.h"

#include <QTimer>

namespace gk::channel {

// The guest end of a sim channel connection (../shared/spec/sim-channel.md):
// a Unix or TCP stream socket, length-prefixed frames, and the 4-byte hello
// that names the channel.
class SimTransport : public StreamTransport
{
    Q_OBJECT
public:
    static constexpr int kConnectTimeoutMs = 2000;

    SimTransport(ChannelEndpoint endpoint, ChannelRole role, QObject *parent = nullptr);
    ~SimTransport() override;

    void open() override;
    bool send(const QByteArray &message) override;
    QString describe() const override;

protected:
    void teardown() override;
    void handleRecord(const QByteArray &frame) override { emit messageReceived(frame); }

private:
    void onConnected();

    ChannelEndpoint m_endpoint;
    bool m_connecting = false;
    // Qt's local socket can wait up to 30 s on a listener that stopped
    // accepting (EAGAIN); the channel's back-off does better than that.
    QTimer m_connectTimeout;
};

} // namespace gk::channel
