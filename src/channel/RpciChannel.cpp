#include "RpciChannel.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRpci, "guestkit.rpci")

namespace gk::channel {

RpciResult RpciResult::fromReply(const QByteArray &reply)
{
    RpciResult result;
    // lib/rpcOut/rpcout.c: the VMX answers "1 <result>" or "0 <error>".
    if (reply.startsWith("1 ") || reply == "1") {
        result.status = Status::Ok;
        result.text = reply.mid(2);
    } else if (reply.startsWith("0 ") || reply == "0") {
        result.status = Status::Failed;
        result.text = reply.mid(2);
    } else {
        result.status = Status::Failed;
        result.text = "malformed RPCI reply";
    }
    return result;
}

RpciChannel::RpciChannel(TransportFactory factory, QObject *parent)
    : QObject(parent), m_factory(std::move(factory))
{}

RpciChannel::~RpciChannel()
{
    close();
}

void RpciChannel::send(const QByteArray &request, Done done)
{
    m_queue.enqueue({request, std::move(done)});
    pump();
}

void RpciChannel::close()
{
    if (m_transport)
        m_transport->abort();
    m_transport.reset();
    onClosed(QStringLiteral("channel closed"));
}

void RpciChannel::pump()
{
    if (m_inFlight || m_queue.isEmpty())
        return;
    if (!m_transport) {
        m_transport = m_factory(ChannelRole::Rpci);
        connect(m_transport.get(), &MessageTransport::opened, this, &RpciChannel::pump);
        connect(m_transport.get(), &MessageTransport::messageReceived, this,
                &RpciChannel::onMessage);
        connect(m_transport.get(), &MessageTransport::closed, this, &RpciChannel::onClosed);
        qCDebug(lcRpci) << "opening a connection for" << m_queue.size() << "requests";
        m_transport->open();
        return;
    }
    if (!m_transport->isOpen())
        return; // opened() calls pump() again
    // In flight before the send: a write can find the connection gone and
    // close it right here (onClosed then fails the queue, this one included,
    // and clears the flag), and the flag must not outlive that.
    const MessageTransport *transport = m_transport.get();
    const QByteArray request = m_queue.head().request;
    m_inFlight = true;
    qCDebug(lcRpci) << "sending" << request.left(40);
    if (!m_transport->send(request) && m_transport.get() == transport && m_inFlight) {
        m_inFlight = false;
        Pending failed = m_queue.dequeue();
        qCWarning(lcRpci) << "request of" << failed.request.size() << "bytes not sent";
        if (failed.done)
            failed.done(RpciResult{RpciResult::Status::TransportError, "request too large"});
        pump();
    }
}

void RpciChannel::onMessage(const QByteArray &reply)
{
    if (!m_inFlight || m_queue.isEmpty())
        return; // an answer nobody asked for
    m_inFlight = false;
    Pending pending = m_queue.dequeue();
    if (pending.done)
        pending.done(RpciResult::fromReply(reply));
    pump();
}

void RpciChannel::onClosed(const QString &reason)
{
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport.release()->deleteLater();
    }
    qCDebug(lcRpci).noquote() << "closed:" << reason;
    m_inFlight = false;
    // Everything waiting fails now; the next send() opens a new connection.
    QQueue<Pending> failed;
    failed.swap(m_queue);
    if (!failed.isEmpty())
        qCWarning(lcRpci).noquote() << "RPCI connection lost:" << reason;
    for (Pending &p : failed) {
        if (p.done)
            p.done(RpciResult{RpciResult::Status::TransportError, reason.toUtf8()});
    }
}

} // namespace gk::channel
