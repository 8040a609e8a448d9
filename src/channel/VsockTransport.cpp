#include "VsockTransport.h"

#include <QAbstractSocket>
#include <QLocalSocket>
#include <QPointer>

namespace gk::channel {

VsockTransport::VsockTransport(Opener opener, ChannelRole role, QObject *parent)
    : MessageTransport(parent), m_opener(std::move(opener)), m_role(role)
{
    m_start.setSingleShot(true);
    connect(&m_start, &QTimer::timeout, this, &VsockTransport::openNow);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] { write(GuestRpcPacket::ping()); });
}

VsockTransport::~VsockTransport()
{
    teardown();
}

QString VsockTransport::describe() const
{
    return QStringLiteral("%1 vsock:%2")
        .arg(m_role == ChannelRole::Tclo ? QLatin1String("TCLO") : QLatin1String("RPCI"))
        .arg(m_role == ChannelRole::Tclo ? kTcloPort : kRpciPort);
}

void VsockTransport::open()
{
    teardown();
    m_start.start(0); // answer from the event loop, as a socket connect does
}

void VsockTransport::openNow()
{
    QString error;
    m_socket = m_opener(m_role, this, &error);
    if (!m_socket) {
        emit closed(error);
        return;
    }
    m_reader = DataMapPacketReader();
    m_firstReplySwallowed = false;
    connect(m_socket, &QIODevice::readyRead, this, &VsockTransport::onReadyRead);
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket)) {
        connect(local, &QLocalSocket::disconnected, this,
                [this] { fail(QStringLiteral("the VMX closed the vsock connection")); });
    } else if (auto *socket = qobject_cast<QAbstractSocket *>(m_socket)) {
        connect(socket, &QAbstractSocket::disconnected, this,
                [this] { fail(QStringLiteral("the VMX closed the vsock connection")); });
    }
    m_open = true;
    emit opened();
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void VsockTransport::abort()
{
    teardown();
}

void VsockTransport::teardown()
{
    m_start.stop();
    m_keepAlive.stop();
    m_open = false;
    if (!m_socket)
        return;
    QIODevice *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->abort();
    else if (auto *s = qobject_cast<QAbstractSocket *>(socket))
        s->abort();
    socket->deleteLater();
}

void VsockTransport::write(const GuestRpcPacket &packet)
{
    if (!m_socket)
        return;
    m_socket->write(packet.encode());
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket))
        local->flush();
    else if (auto *s = qobject_cast<QAbstractSocket *>(m_socket))
        s->flush();
}

bool VsockTransport::send(const QByteArray &message)
{
    if (!m_open || message.size() > kDataMapMaxPacket - 64)
        return false;
    // TcloChannel opens with an empty "nothing answered yet" reply: over
    // vsock the VMX speaks first, so that one is not sent.
    if (m_role == ChannelRole::Tclo && !m_firstReplySwallowed) {
        m_firstReplySwallowed = true;
        if (message.isEmpty())
            return true;
    }
    write(GuestRpcPacket::data(message));
    // rpcin.c: the heartbeat starts after the first answer.
    if (m_role == ChannelRole::Tclo && !m_keepAlive.isActive() && m_socket)
        m_keepAlive.start(kKeepAliveMs);
    return true;
}

void VsockTransport::onReadyRead()
{
    if (!m_socket)
        return;
    m_reader.feed(m_socket->readAll());
    QPointer<VsockTransport> self(this);
    while (self && m_socket) {
        const std::optional<QByteArray> raw = m_reader.next();
        if (!raw)
            break;
        QString error;
        const std::optional<DataMap> map = DataMap::parsePacket(*raw, &error);
        const std::optional<GuestRpcPacket> packet =
            map ? GuestRpcPacket::decode(*map, &error) : std::nullopt;
        if (!packet)
            return fail(QStringLiteral("bad packet from the VMX: %1").arg(error));
        if (packet->type != GuestRpcPacket::Type::Data)
            continue; // nothing to answer
        // lib/rpcIn/rpcin.c RpcInDecodePacket: the VMX's data packets carry a payload.
        if (!packet->hasPayload)
            return fail(QStringLiteral("data packet from the VMX without a payload"));
        if (m_role == ChannelRole::Rpci &&
            !(packet->payload.startsWith("1 ") || packet->payload.startsWith("0 ")))
            return fail(QStringLiteral("invalid format for the result of the RPCI command"));
        emit messageReceived(packet->payload);
    }
    if (self && m_reader.failed())
        fail(m_reader.error());
}

void VsockTransport::fail(const QString &reason)
{
    if (!m_socket)
        return;
    teardown();
    emit closed(reason);
}

} // namespace gk::channel
