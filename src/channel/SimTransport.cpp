#include "SimTransport.h"

#include <QLocalSocket>
#include <QTcpSocket>

namespace gk::channel {

SimTransport::SimTransport(ChannelEndpoint endpoint, ChannelRole role, QObject *parent)
    : MessageTransport(parent), m_endpoint(std::move(endpoint)), m_role(role)
{
    m_connectTimeout.setSingleShot(true);
    m_connectTimeout.setInterval(kConnectTimeoutMs);
    connect(&m_connectTimeout, &QTimer::timeout, this, [this] {
        if (m_connecting)
            onFailure(QStringLiteral("no answer from the VMX within %1 ms").arg(kConnectTimeoutMs));
    });
}

SimTransport::~SimTransport()
{
    teardown();
}

QString SimTransport::describe() const
{
    return QStringLiteral("%1 %2").arg(m_role == ChannelRole::Tclo ? QLatin1String("TCLO")
                                                                   : QLatin1String("RPCI"),
                                       m_endpoint.toString());
}

void SimTransport::open()
{
    teardown();
    m_decoder = SimFrameDecoder();
    m_connecting = true;
    m_connectTimeout.start();
    if (m_endpoint.kind == ChannelEndpoint::Kind::SimUnix) {
        auto *socket = new QLocalSocket(this);
        m_socket = socket;
        connect(socket, &QLocalSocket::connected, this, &SimTransport::onConnected);
        connect(socket, &QLocalSocket::readyRead, this, &SimTransport::onReadyRead);
        connect(socket, &QLocalSocket::disconnected, this,
                [this] { onFailure(QStringLiteral("the VMX closed the connection")); });
        connect(
            socket, &QLocalSocket::errorOccurred, this,
            [this, socket](QLocalSocket::LocalSocketError) { onFailure(socket->errorString()); });
        socket->connectToServer(m_endpoint.path);
    } else {
        auto *socket = new QTcpSocket(this);
        m_socket = socket;
        connect(socket, &QTcpSocket::connected, this, [this, socket] {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            onConnected();
        });
        connect(socket, &QTcpSocket::readyRead, this, &SimTransport::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, this,
                [this] { onFailure(QStringLiteral("the VMX closed the connection")); });
        connect(socket, &QTcpSocket::errorOccurred, this,
                [this, socket](QAbstractSocket::SocketError) { onFailure(socket->errorString()); });
        socket->connectToHost(m_endpoint.host, m_endpoint.port);
    }
}

void SimTransport::abort()
{
    teardown();
}

void SimTransport::teardown()
{
    m_connectTimeout.stop();
    m_open = false;
    m_connecting = false;
    if (!m_socket)
        return;
    QIODevice *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->abort();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(socket))
        tcp->abort();
    socket->deleteLater();
}

void SimTransport::onConnected()
{
    m_connectTimeout.stop();
    m_connecting = false;
    m_open = true;
    send(m_role == ChannelRole::Tclo ? QByteArrayLiteral("TCLO") : QByteArrayLiteral("RPCI"));
    emit opened();
}

bool SimTransport::send(const QByteArray &message)
{
    if (!m_open || !m_socket || message.size() > kSimMaxFrame)
        return false;
    // A write can find the peer gone and tear the connection down (and clear
    // m_socket) before it returns; the flush then has nothing to do.
    m_socket->write(encodeSimFrame(message));
    // Write now rather than on the next event-loop pass: a ping's round trip
    // is the latency that matters here. (An unbuffered QLocalSocket is slower:
    // it defers every write to a write notification, docs/performance.md.)
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket))
        local->flush();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(m_socket))
        tcp->flush();
    return true;
}

void SimTransport::onReadyRead()
{
    if (!m_socket)
        return;
    // Copy out of Qt's read buffer into ours without allocating a QByteArray
    // per notification as readAll() would.
    char buffer[64 * 1024];
    for (;;) {
        const qint64 n = m_socket->read(buffer, sizeof buffer);
        if (n <= 0)
            break; // nothing more now; errors arrive as errorOccurred
        m_decoder.feed(QByteArray::fromRawData(buffer, qsizetype(n)));
        if (n < qint64(sizeof buffer) || m_decoder.failed())
            break;
    }
    QPointer<SimTransport> self(this);
    while (self && m_socket) {
        std::optional<QByteArray> frame = m_decoder.next();
        if (!frame)
            break;
        emit messageReceived(*frame);
    }
    if (self && m_decoder.failed())
        onFailure(m_decoder.error());
}

void SimTransport::onFailure(const QString &reason)
{
    if (!m_socket)
        return;
    teardown();
    emit closed(reason);
}

} // namespace gk::channel
