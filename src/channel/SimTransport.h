#pragma once

#include "ChannelEndpoint.h"
#include "MessageTransport.h"
#include "SimFrameCodec.h"

#include <QPointer>
#include <QTimer>

class QIODevice;

namespace gk::channel {

// The guest end of a sim channel connection (../shared/spec/sim-channel.md):
// a Unix or TCP stream socket, length-prefixed frames, and the 4-byte hello
// that names the channel.
class SimTransport : public MessageTransport
{
    Q_OBJECT
public:
    static constexpr int kConnectTimeoutMs = 2000;

    SimTransport(ChannelEndpoint endpoint, ChannelRole role, QObject *parent = nullptr);
    ~SimTransport() override;

    void open() override;
    void abort() override;
    bool isOpen() const override { return m_open; }
    bool send(const QByteArray &message) override;
    QString describe() const override;

private:
    void onConnected();
    void onReadyRead();
    void onFailure(const QString &reason);
    void teardown();

    ChannelEndpoint m_endpoint;
    ChannelRole m_role;
    QIODevice *m_socket = nullptr;
    SimFrameDecoder m_decoder;
    bool m_open = false;
    bool m_connecting = false;
    // Qt's local socket can wait up to 30 s on a listener that stopped
    // accepting (EAGAIN); the channel's back-off does better than that.
    QTimer m_connectTimeout;
};

} // namespace gk::channel
