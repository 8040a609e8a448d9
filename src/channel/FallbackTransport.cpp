#include "FallbackTransport.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFallback, "guestkit.channel")

namespace gk::channel {

FallbackTransport::FallbackTransport(TransportFactory first, TransportFactory second,
                                     ChannelRole role, QObject *parent)
    : MessageTransport(parent), m_first(std::move(first)), m_second(std::move(second)), m_role(role)
{}

FallbackTransport::~FallbackTransport()
{
    abort();
}

QString FallbackTransport::describe() const
{
    return m_active ? m_active->describe() : QStringLiteral("auto");
}

void FallbackTransport::open()
{
    abort();
    start(m_first(m_role), false);
}

void FallbackTransport::abort()
{
    if (!m_active)
        return;
    m_active->disconnect(this);
    m_active->abort();
    m_active.release()->deleteLater();
}

void FallbackTransport::start(std::unique_ptr<MessageTransport> transport, bool last)
{
    m_active = std::move(transport);
    MessageTransport *t = m_active.get();
    connect(t, &MessageTransport::opened, this, [this, t] {
        t->setProperty("gkOpened", true);
        emit opened();
    });
    connect(t, &MessageTransport::messageReceived, this, &MessageTransport::messageReceived);
    connect(t, &MessageTransport::closed, this, [this, t, last](const QString &reason) {
        const bool wasOpen = t->property("gkOpened").toBool();
        if (wasOpen || last) {
            emit closed(last && !wasOpen && !m_firstFailure.isEmpty()
                            ? m_firstFailure + QStringLiteral("; ") + reason
                            : reason);
            return;
        }
        qCInfo(lcFallback).noquote()
            << "vsock unavailable (" << reason << "); falling back to the backdoor";
        m_firstFailure = reason;
        abort();
        start(m_second(m_role), true);
        m_active->open();
    });
    if (!last)
        m_active->open();
}

} // namespace gk::channel
