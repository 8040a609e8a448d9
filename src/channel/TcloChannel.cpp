#include "TcloChannel.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcTclo, "guestkit.tclo")

namespace gk::channel {

TcloChannel::TcloChannel(TransportFactory factory, CommandHandler handler, QObject *parent)
    : QObject(parent), m_factory(std::move(factory)), m_handler(std::move(handler))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &TcloChannel::connectNow);
}

TcloChannel::~TcloChannel() = default;

void TcloChannel::start()
{
    m_running = true;
    connectNow();
}

void TcloChannel::stop()
{
    m_running = false;
    m_retry.stop();
    ++m_generation;
    m_queue.clear();
    m_busy = false;
    if (m_transport)
        m_transport->abort();
    m_transport.reset();
}

void TcloChannel::connectNow()
{
    if (!m_running)
        return;
    ++m_generation;
    m_queue.clear();
    m_busy = false;
    m_transport = m_factory(ChannelRole::Tclo);
    connect(m_transport.get(), &MessageTransport::opened, this, &TcloChannel::onOpened);
    connect(m_transport.get(), &MessageTransport::messageReceived, this, &TcloChannel::onMessage);
    connect(m_transport.get(), &MessageTransport::closed, this, &TcloChannel::onClosed);
    m_transport->open();
}

void TcloChannel::onOpened()
{
    m_backoff.reset();
    qCInfo(lcTclo).noquote() << "connected:" << m_transport->describe();
    // Nothing has been answered yet on this connection: an empty reply asks
    // for the first command.
    m_transport->send(QByteArray());
    emit connected();
}

void TcloChannel::onMessage(const QByteArray &command)
{
    // The VMX sends one command and waits for its reply; one that sends more
    // gets them answered in order.
    m_queue.enqueue(command);
    dispatchNext();
}

void TcloChannel::dispatchNext()
{
    if (m_busy || m_queue.isEmpty())
        return;
    m_busy = true;
    const quint64 generation = m_generation;
    QPointer<TcloChannel> self(this);
    m_handler(m_queue.dequeue(), [self, generation](const QByteArray &reply) {
        if (!self || self->m_generation != generation || !self->m_busy)
            return; // the connection this command came on is gone
        self->m_busy = false;
        if (self->m_transport && !self->m_transport->send(reply)) {
            // The VMX waits for exactly one reply per command: without it the
            // channel would hang. Start over; the VMX sends reset again.
            qCWarning(lcTclo) << "reply of" << reply.size() << "bytes not sent; reconnecting";
            self->m_transport->abort();
            self->onClosed(QStringLiteral("a reply could not be sent"));
            return;
        }
        self->dispatchNext();
    });
}

void TcloChannel::onClosed(const QString &reason)
{
    ++m_generation;
    m_queue.clear();
    m_busy = false;
    const int delay = m_backoff.nextDelayMs();
    qCInfo(lcTclo).noquote() << "disconnected:" << reason << "- retrying in" << delay << "ms";
    emit disconnected(reason);
    if (m_running)
        m_retry.start(delay);
}

} // namespace gk::channel
