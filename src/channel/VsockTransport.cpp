#include "VsockTransport.h"

namespace gk::channel {

VsockTransport::VsockTransport(Opener opener, ChannelRole role, QObject *parent)
    : StreamTransport(role, DataMapPacketReader(), parent), m_opener(std::move(opener))
{
    m_start.setSingleShot(true);
    connect(&m_start, &QTimer::timeout, this, &VsockTransport::openNow);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] { write(GuestRpcPacket::ping()); });
}

VsockTransport::~VsockTransport()
{
    VsockTransport::teardown();
}

QString VsockTransport::describe() const
{
    return QStringLiteral("%1 vsock:%2")
        .arg(roleName())
        .arg(role() == ChannelRole::Tclo ? kTcloPort : kRpciPort);
}

void VsockTransport::open()
{
    teardown();
    m_start.start(0); // answer from the event loop, as a socket connect does
}

void VsockTransport::openNow()
{
    QString error;
    QIODevice *socket = m_opener(role(), this, &error);
    if (!socket) {
        emit closed(error);
        return;
    }
    m_firstReplySwallowed = false;
    attach(socket);
    markOpen();
}

void VsockTransport::teardown()
{
    m_start.stop();
    m_keepAlive.stop();
    StreamTransport::teardown();
}

bool VsockTransport::send(const QByteArray &message)
{
    if (!isOpen() || message.size() > kDataMapMaxPacket - 64)
        return false;
    // TcloChannel opens with an empty "nothing answered yet" reply: over
    // vsock the VMX speaks first, so that one is not sent.
    if (role() == ChannelRole::Tclo && !m_firstReplySwallowed) {
        m_firstReplySwallowed = true;
        if (message.isEmpty())
            return true;
    }
    write(GuestRpcPacket::data(message));
    // rpcin.c: the heartbeat starts after the first answer.
    if (role() == ChannelRole::Tclo && !m_keepAlive.isActive() && socket())
        m_keepAlive.start(kKeepAliveMs);
    return true;
}

void VsockTransport::handleRecord(const QByteArray &raw)
{
    QString error;
    const std::optional<DataMap> map = DataMap::parsePacket(raw, &error);
    const std::optional<GuestRpcPacket> packet =
        map ? GuestRpcPacket::decode(*map, &error) : std::nullopt;
    if (!packet)
        return fail(QStringLiteral("bad packet from the VMX: %1").arg(error));
    if (packet->type != GuestRpcPacket::Type::Data)
        return; // nothing to answer
    // lib/rpcIn/rpcin.c RpcInDecodePacket: the VMX's data packets carry a payload.
    if (!packet->hasPayload)
        return fail(QStringLiteral("data packet from the VMX without a payload"));
    if (role() == ChannelRole::Rpci &&
        !(packet->payload.startsWith("1 ") || packet->payload.startsWith("0 ")))
        return fail(QStringLiteral("invalid format for the result of the RPCI command"));
    emit messageReceived(packet->payload);
}

} // namespace gk::channel
