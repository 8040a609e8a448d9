#include "BackdoorTransport.h"

#include "backdoor/BackdoorDefs.h"

#include <QPointer>

namespace gk::channel {

BackdoorTransport::BackdoorTransport(std::shared_ptr<backdoor::PortIo> io, ChannelRole role,
                                     QString name, QObject *parent)
    : MessageTransport(parent), m_io(std::move(io)), m_channel(*m_io), m_role(role),
      m_name(std::move(name))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BackdoorTransport::tick);
}

BackdoorTransport::~BackdoorTransport()
{
    m_channel.close();
}

QString BackdoorTransport::describe() const
{
    return QStringLiteral("%1 %2").arg(
        m_role == ChannelRole::Tclo ? QLatin1String("TCLO") : QLatin1String("RPCI"), m_name);
}

void BackdoorTransport::open()
{
    abort();
    // Answer from the event loop, as a socket would: the caller connects
    // its slots first and is not re-entered from open().
    m_opening = true;
    m_timer.start(0);
}

void BackdoorTransport::openNow()
{
    m_opening = false;
    QString error;
    const quint32 proto = m_role == ChannelRole::Tclo ? backdoor::kProtoTclo : backdoor::kProtoRpci;
    if (!m_channel.open(proto, &error)) {
        emit closed(error);
        return;
    }
    m_open = true;
    m_delayTicks = 0;
    emit opened();
}

void BackdoorTransport::abort()
{
    m_timer.stop();
    m_channel.close();
    m_open = m_opening = m_hasOutgoing = m_waitingForReply = false;
    m_outgoing.clear();
}

bool BackdoorTransport::send(const QByteArray &message)
{
    if (!m_open || message.size() > kMaxSend || m_hasOutgoing)
        return false;
    m_outgoing = message;
    m_hasOutgoing = true;
    m_waitingForReply = false;
    m_delayTicks = 0;
    m_timer.start(0);
    return true;
}

void BackdoorTransport::tick()
{
    if (m_opening) {
        openNow();
        return;
    }
    if (!m_open)
        return;
    QString error;
    if (m_role == ChannelRole::Rpci) {
        if (!m_hasOutgoing)
            return;
        m_hasOutgoing = false;
        if (!m_channel.send(m_outgoing, &error))
            return fail(error);
        const std::optional<QByteArray> reply = m_channel.receive(&error);
        if (!reply)
            return fail(error);
        if (reply->isEmpty())
            return fail(QStringLiteral("the VMX sent no answer to the RPCI request"));
        emit messageReceived(*reply);
        return;
    }
    if (m_waitingForReply)
        return;
    // TCLO: the reply to the last command, or an empty message that says
    // "still here, anything for me?".
    const QByteArray outgoing = m_hasOutgoing ? m_outgoing : QByteArray();
    m_hasOutgoing = false;
    m_outgoing.clear();
    if (!m_channel.send(outgoing, &error))
        return fail(error);
    const std::optional<QByteArray> command = m_channel.receive(&error);
    if (!command)
        return fail(error);
    if (!command->isEmpty()) {
        m_delayTicks = 0;
        m_waitingForReply = true;
        emit messageReceived(*command);
        return;
    }
    // rpcin.c RpcInUpdateDelayTime: 1, 2, 4, 8, then the maximum, 10.
    m_delayTicks = m_delayTicks == 0 ? 1 : qMin(m_delayTicks * 2, kMaxPollDelayTicks);
    m_timer.start(m_delayTicks * 10);
}

void BackdoorTransport::fail(const QString &reason)
{
    abort();
    emit closed(reason);
}

} // namespace gk::channel
