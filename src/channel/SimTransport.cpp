#include "SimTransport.h"

#include <QLocalSocket>
#include <QTcpSocket>

namespace gk::channel {

SimTransport::SimTransport(ChannelEndpoint endpoint, ChannelRole role, QObject *parent)
    : StreamTransport(role, SimFrameDecoder(), parent), m_endpoint(std::move(endpoint))
{
    m_connectTimeout.setSingleShot(true);
    m_connectTimeout.setInterval(kConnectTimeoutMs);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        if (m_connecting)
            fail(QStringLiteral("no answer from the VMX within %1 ms").arg(kConnectTimeoutMs));
    });
}

SimTransport::~SimTransport()
{
    SimTransport::teardown();
}

QString SimTransport::describe() const
{
    return QStringLiteral("%1 %2").arg(roleName(), m_endpoint.toString());
}

void SimTransport::open()
{
    teardown();
    m_connecting = true;
    m_connectTimeout.start();
    if (m_endpoint.kind == ChannelEndpoint::Kind::SimUnix) {
        auto *socket = new QLocalSocket(this);
        attach(socket);
        connect(socket, &QLocalSocket::connected, this, &SimTransport::onConnected);
        socket->connectToServer(m_endpoint.path);
    } else {
        auto *socket = new QTcpSocket(this);
        attach(socket);
        connect(socket, &QTcpSocket::connected, this, [this, socket] {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            onConnected();
        });
        socket->connectToHost(m_endpoint.host, m_endpoint.port);
    }
}

void SimTransport::teardown()
{
    m_connectTimeout.stop();
    m_connecting = false;
    StreamTransport::teardown();
}

void SimTransport::onConnected()
{
    m_connectTimeout.stop();
    m_connecting = false;
    // The hello names the channel before anything else goes out.
    writeNow(encodeSimFrame(role() == ChannelRole::Tclo ? QByteArrayLiteral("TCLO")
                                                        : QByteArrayLiteral("RPCI")));
    if (socket())
        markOpen();
}

bool SimTransport::send(const QByteArray &message)
{
    if (!isOpen() || !socket() || message.size() > kSimMaxFrame)
        return false;
    writeNow(encodeSimFrame(message));
    return true;
}

} // namespace gk::channel
