#include "FallbackTransport.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFallback, "guestkit.channel")

namespace gk::channel {

using std::chrono::milliseconds;

VsockRetry::VsockRetry(Clock clock, milliseconds minDelay, milliseconds maxDelay)
    : m_clock(std::move(clock)), m_minDelay(minDelay), m_maxDelay(maxDelay), m_delay(minDelay)
{
    if (!m_clock) {
        m_clock = [] {
            return std::chrono::duration_cast<milliseconds>(
                std::chrono::steady_clock::now().time_since_epoch());
        };
    }
}

bool VsockRetry::due() const
{
    return !m_failedAt || m_clock() - *m_failedAt >= m_delay;
}

void VsockRetry::failed()
{
    m_failedAt = m_clock();
    m_delay = std::min(m_delay * 2, m_maxDelay);
}

void VsockRetry::succeeded()
{
    m_failedAt.reset();
    m_delay = m_minDelay;
}

FallbackTransport::FallbackTransport(TransportFactory first, TransportFactory second,
                                     ChannelRole role, std::shared_ptr<VsockRetry> retry,
                                     QObject *parent)
    : MessageTransport(parent), m_first(std::move(first)), m_second(std::move(second)),
      m_role(role), m_retry(std::move(retry))
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
    m_announced = false;
    m_firstFailure.clear();
    if (m_retry && !m_retry->due()) {
        qCDebug(lcFallback) << "vsock failed lately; the backdoor for" << m_retry->delay().count()
                            << "ms";
        start(false);
        return;
    }
    start(true);
}

void FallbackTransport::abort()
{
    m_held.reset();
    dropActive();
}

void FallbackTransport::dropActive()
{
    if (!m_active)
        return;
    m_active->disconnect(this);
    m_active->abort();
    m_active.release()->deleteLater();
}

bool FallbackTransport::send(const QByteArray &message)
{
    if (!m_active)
        return false;
    if (m_retry && !m_onFirst && !m_held && m_active->isOpen() && m_retry->due()) {
        // RpcChannel_Send: the backdoor has had its time; this message tries
        // vsock again (and comes back here if vsock still fails).
        qCInfo(lcFallback) << "trying vsock again after" << m_retry->delay().count()
                           << "ms on the backdoor";
        m_held = message;
        dropActive();
        start(true);
        return true;
    }
    return m_active->send(message);
}

void FallbackTransport::start(bool first)
{
    m_onFirst = first;
    m_active = first ? m_first(m_role) : m_second(m_role);
    MessageTransport *t = m_active.get();
    connect(t, &MessageTransport::opened, this, [this, t] {
        t->setProperty("gkOpened", true);
        if (m_onFirst && m_retry)
            m_retry->succeeded();
        if (std::optional<QByteArray> held = std::exchange(m_held, std::nullopt)) {
            if (!t->send(*held)) {
                const QString why = QStringLiteral("%1 refused a message of %2 bytes")
                                        .arg(t->describe())
                                        .arg(held->size());
                dropActive();
                emit closed(why);
                return;
            }
        }
        if (!m_announced) {
            m_announced = true;
            emit opened();
        }
    });
    connect(t, &MessageTransport::messageReceived, this, &MessageTransport::messageReceived);
    connect(t, &MessageTransport::closed, this, [this, t](const QString &reason) {
        const bool wasOpen = t->property("gkOpened").toBool();
        if (wasOpen || !m_onFirst) {
            const bool both = !wasOpen && !m_firstFailure.isEmpty();
            dropActive();
            m_held.reset();
            emit closed(both ? m_firstFailure + QStringLiteral("; ") + reason : reason);
            return;
        }
        qCInfo(lcFallback).noquote()
            << "vsock unavailable (" << reason << "); falling back to the backdoor";
        m_firstFailure = reason;
        if (m_retry)
            m_retry->failed();
        dropActive();
        start(false);
    });
    t->open();
}

} // namespace gk::channel
