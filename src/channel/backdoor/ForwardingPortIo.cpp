#include "ForwardingPortIo.h"

#include "PortCallCodec.h"
#include "channel/SimFrameCodec.h"

#include <QElapsedTimer>
#include <QLocalSocket>

#include <cstring>

namespace gk::channel::backdoor {

ForwardingPortIo::ForwardingPortIo(QString path) : m_path(std::move(path)) {}

ForwardingPortIo::~ForwardingPortIo() = default;

bool ForwardingPortIo::ensureConnected()
{
    if (m_socket && m_socket->state() == QLocalSocket::ConnectedState)
        return true;
    m_socket = std::make_unique<QLocalSocket>();
    m_socket->connectToServer(m_path);
    if (!m_socket->waitForConnected(kCallTimeoutMs)) {
        m_error = QStringLiteral("cannot reach the simulator at %1: %2")
                      .arg(m_path, m_socket->errorString());
        m_socket.reset();
        return false;
    }
    m_socket->write(encodeSimFrame(QByteArray(kSimBackdoorHello)));
    return true;
}

std::optional<QByteArray> ForwardingPortIo::roundTrip(const QByteArray &request)
{
    if (!ensureConnected())
        return std::nullopt;
    m_socket->write(encodeSimFrame(request));
    m_socket->flush();
    SimFrameDecoder decoder;
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        if (std::optional<QByteArray> frame = decoder.next())
            return frame;
        if (decoder.failed() || clock.elapsed() > kCallTimeoutMs ||
            (m_socket->bytesAvailable() == 0 &&
             !m_socket->waitForReadyRead(int(kCallTimeoutMs - clock.elapsed())))) {
            m_error = decoder.failed()
                          ? decoder.error()
                          : QStringLiteral("the simulator did not answer a backdoor call");
            m_socket.reset();
            return std::nullopt;
        }
        decoder.feed(m_socket->readAll());
    }
}

void ForwardingPortIo::failCall(BackdoorRegs &regs, bool hb)
{
    // What the guest sees from a backdoor that is not there.
    regs.ax = 0xffffffffu;
    if (hb)
        regs.bx = 0;
    else
        regs.cx = 0;
}

void ForwardingPortIo::inOut(BackdoorRegs &regs)
{
    const std::optional<QByteArray> frame =
        roundTrip(encodePortCall({PortCallKind::InOut, regs, {}}));
    const std::optional<PortCall> reply = frame ? decodePortReply(*frame, 0) : std::nullopt;
    if (!reply)
        return failCall(regs, false);
    regs = reply->regs;
}

void ForwardingPortIo::hbOut(BackdoorRegs &regs)
{
    // The bytes at RSI go along, as the hypervisor would read them.
    const auto *src = reinterpret_cast<const char *>(quintptr(regs.si));
    const QByteArray data(src, qsizetype(quint32(regs.cx)));
    const std::optional<QByteArray> frame =
        roundTrip(encodePortCall({PortCallKind::HbOut, regs, data}));
    const std::optional<PortCall> reply = frame ? decodePortReply(*frame, 0) : std::nullopt;
    if (!reply)
        return failCall(regs, true);
    const quint64 si = regs.si, di = regs.di;
    regs = reply->regs;
    regs.si = si;
    regs.di = di;
}

void ForwardingPortIo::hbIn(BackdoorRegs &regs)
{
    const qsizetype size = qsizetype(quint32(regs.cx));
    const std::optional<QByteArray> frame =
        roundTrip(encodePortCall({PortCallKind::HbIn, regs, {}}));
    const std::optional<PortCall> reply = frame ? decodePortReply(*frame, size) : std::nullopt;
    if (!reply)
        return failCall(regs, true);
    // The bytes for RDI, as the hypervisor would write them.
    if (reply->data.size() == size && size > 0)
        std::memcpy(reinterpret_cast<char *>(quintptr(regs.di)), reply->data.constData(),
                    size_t(size));
    const quint64 si = regs.si, di = regs.di;
    regs = reply->regs;
    regs.si = si;
    regs.di = di;
}

} // namespace gk::channel::backdoor
