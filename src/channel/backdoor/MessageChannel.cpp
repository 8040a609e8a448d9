#include "MessageChannel.h"

#include "BackdoorDefs.h"

#include <cstring>

namespace gk::channel::backdoor {

namespace {

bool has(quint16 status, quint16 bit)
{
    return (status & bit) != 0;
}

QString statusText(quint16 status)
{
    QString s = QStringLiteral("status 0x%1").arg(status, 4, 16, QLatin1Char('0'));
    if (has(status, kStatusClosed))
        s += QStringLiteral(" (channel closed)");
    if (has(status, kStatusPowerOff))
        s += QStringLiteral(" (powering off)");
    if (has(status, kStatusTimeout))
        s += QStringLiteral(" (timeout)");
    return s;
}

bool setError(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

} // namespace

MessageChannel::~MessageChannel()
{
    close();
}

// One low-bandwidth MESSAGE call on this channel (registers as in
// lib/message/message.c: ECX type<<16 | 30, EDX id<<16 | port, ESI/EDI the
// cookies, EBX the argument).
BackdoorRegs MessageChannel::messageCall(quint16 type, quint32 argument)
{
    BackdoorRegs r;
    r.ax = kMagic;
    r.bx = argument;
    r.cx = (quint32(type) << 16) | kCmdMessage;
    r.dx = (quint32(m_id) << 16) | kPortLow;
    r.si = m_cookieHigh;
    r.di = m_cookieLow;
    m_io.inOut(r);
    ++m_stats.lowCalls;
    return r;
}

bool MessageChannel::open(quint32 protocol, QString *error)
{
    close();
    // Ask for cookies first; a VMX without them refuses, then open without.
    for (const quint32 flags : {kFlagCookie, 0u}) {
        m_id = 0;
        m_cookieHigh = m_cookieLow = 0;
        const BackdoorRegs r = messageCall(kMsgOpen, protocol | flags);
        if (!has(r.cxHigh(), kStatusSuccess))
            continue;
        m_id = r.dxHigh();
        m_cookieHigh = quint32(r.si);
        m_cookieLow = quint32(r.di);
        m_cookies = flags != 0;
        m_open = true;
        return true;
    }
    m_id = 0;
    return setError(error, QStringLiteral("the VMX refused to open a backdoor channel"));
}

void MessageChannel::close()
{
    if (!m_open)
        return;
    messageCall(kMsgClose, 0);
    m_open = false;
    m_id = 0;
    m_cookieHigh = m_cookieLow = 0;
}

bool MessageChannel::send(const QByteArray &message, QString *error)
{
    if (!m_open)
        return setError(error, QStringLiteral("the backdoor channel is not open"));
    const auto size = quint32(message.size());
    const auto *bytes = reinterpret_cast<const uchar *>(message.constData());
    for (int attempt = 0; attempt <= kMaxCheckpointRetries; ++attempt) {
        if (attempt > 0)
            ++m_stats.checkpoints;
        const BackdoorRegs sizeReply = messageCall(kMsgSendSize, size);
        if (!has(sizeReply.cxHigh(), kStatusSuccess))
            return setError(error, QStringLiteral("the VMX refused a message of %1 bytes: %2")
                                       .arg(size)
                                       .arg(statusText(sizeReply.cxHigh())));
        m_lastHb = has(sizeReply.cxHigh(), kStatusHb);
        if (size == 0)
            return true;
        bool restart = false;
        if (m_lastHb) {
            // One `rep outsb` (message.c): EBX SUCCESS<<16 | command, ECX the
            // length, EDX id<<16 | port, ESI the buffer, EDI cookie low, EBP
            // cookie high.
            BackdoorRegs r;
            r.ax = kMagic;
            r.bx = (quint32(kStatusSuccess) << 16) | kHbCmdMessage;
            r.cx = size;
            r.dx = (quint32(m_id) << 16) | kPortHigh;
            r.si = quint64(quintptr(bytes));
            r.di = m_cookieLow;
            r.bp = m_cookieHigh;
            m_io.hbOut(r);
            ++m_stats.highCalls;
            if (!has(r.bxHigh(), kStatusSuccess)) {
                if (!has(r.bxHigh(), kStatusCpt))
                    return setError(error, QStringLiteral("high-bandwidth send failed: %1")
                                               .arg(statusText(r.bxHigh())));
                restart = true;
            }
        } else {
            // Four bytes per call, little-endian in EBX; never read past the end.
            for (quint32 pos = 0; pos < size && !restart; pos += 4) {
                quint32 word = 0;
                const quint32 n = qMin<quint32>(4, size - pos);
                for (quint32 i = 0; i < n; ++i)
                    word |= quint32(bytes[pos + i]) << (8 * i);
                const BackdoorRegs r = messageCall(kMsgSendPayload, word);
                if (!has(r.cxHigh(), kStatusSuccess)) {
                    if (!has(r.cxHigh(), kStatusCpt))
                        return setError(error, QStringLiteral("send failed at byte %1: %2")
                                                   .arg(pos)
                                                   .arg(statusText(r.cxHigh())));
                    restart = true;
                }
            }
        }
        if (!restart)
            return true;
    }
    return setError(
        error,
        QStringLiteral("send interrupted by %1 checkpoints in a row").arg(kMaxCheckpointRetries));
}

// Tells the VMX the receive failed (message.c error_quit): status 0 on the
// step the guest was at.
void MessageChannel::failReceive(bool duringPayload)
{
    messageCall(duringPayload ? kMsgRecvPayload : kMsgRecvStatus, 0);
}

std::optional<QByteArray> MessageChannel::receive(QString *error)
{
    if (!m_open) {
        setError(error, QStringLiteral("the backdoor channel is not open"));
        return std::nullopt;
    }
    for (int attempt = 0; attempt <= kMaxCheckpointRetries; ++attempt) {
        if (attempt > 0)
            ++m_stats.checkpoints;
        const BackdoorRegs sizeReply = messageCall(kMsgRecvSize, 0);
        if (!has(sizeReply.cxHigh(), kStatusSuccess)) {
            setError(error, QStringLiteral("the VMX refused to receive: %1")
                                .arg(statusText(sizeReply.cxHigh())));
            return std::nullopt;
        }
        if (!has(sizeReply.cxHigh(), kStatusDoRecv))
            return QByteArray(); // nothing waiting
        if (sizeReply.dxHigh() != kMsgSendSize) {
            setError(error, QStringLiteral("protocol error: the VMX announced type %1, not a size")
                                .arg(sizeReply.dxHigh()));
            return std::nullopt;
        }
        const quint32 size = quint32(sizeReply.bx);
        if (qint64(size) > kMaxReceive) {
            failReceive(true);
            setError(error, QStringLiteral("message of %1 bytes is over the %2 byte limit")
                                .arg(size)
                                .arg(kMaxReceive));
            return std::nullopt;
        }
        QByteArray message(qsizetype(size), Qt::Uninitialized);
        m_lastHb = has(sizeReply.cxHigh(), kStatusHb);
        bool restart = false;
        if (size > 0 && m_lastHb) {
            // One `rep insb` (message.c): ESI cookie high, EDI the buffer,
            // EBP cookie low.
            BackdoorRegs r;
            r.ax = kMagic;
            r.bx = (quint32(kStatusSuccess) << 16) | kHbCmdMessage;
            r.cx = size;
            r.dx = (quint32(m_id) << 16) | kPortHigh;
            r.si = m_cookieHigh;
            r.di = quint64(quintptr(message.data()));
            r.bp = m_cookieLow;
            m_io.hbIn(r);
            ++m_stats.highCalls;
            if (!has(r.bxHigh(), kStatusSuccess)) {
                if (!has(r.bxHigh(), kStatusCpt)) {
                    failReceive(true);
                    setError(error, QStringLiteral("high-bandwidth receive failed: %1")
                                        .arg(statusText(r.bxHigh())));
                    return std::nullopt;
                }
                restart = true;
            }
        } else {
            auto *out = reinterpret_cast<uchar *>(message.data());
            for (quint32 pos = 0; pos < size && !restart; pos += 4) {
                // EBX carries the status of the previous step: success.
                const BackdoorRegs r = messageCall(kMsgRecvPayload, kStatusSuccess);
                if (!has(r.cxHigh(), kStatusSuccess)) {
                    if (!has(r.cxHigh(), kStatusCpt)) {
                        failReceive(true);
                        setError(error, QStringLiteral("receive failed at byte %1: %2")
                                            .arg(pos)
                                            .arg(statusText(r.cxHigh())));
                        return std::nullopt;
                    }
                    restart = true;
                    break;
                }
                if (r.dxHigh() != kMsgSendPayload) {
                    failReceive(true);
                    setError(error, QStringLiteral("protocol error: expected payload, got type %1")
                                        .arg(r.dxHigh()));
                    return std::nullopt;
                }
                const quint32 n = qMin<quint32>(4, size - pos);
                for (quint32 i = 0; i < n; ++i)
                    out[pos + i] = uchar(quint32(r.bx) >> (8 * i));
            }
        }
        if (restart)
            continue;
        const BackdoorRegs status = messageCall(kMsgRecvStatus, kStatusSuccess);
        if (!has(status.cxHigh(), kStatusSuccess)) {
            if (has(status.cxHigh(), kStatusCpt))
                continue;
            failReceive(false);
            setError(error, QStringLiteral("the VMX did not confirm the message: %1")
                                .arg(statusText(status.cxHigh())));
            return std::nullopt;
        }
        return message;
    }
    setError(error, QStringLiteral("receive interrupted by %1 checkpoints in a row")
                        .arg(kMaxCheckpointRetries));
    return std::nullopt;
}

} // namespace gk::channel::backdoor
