#pragma once

#include "PortIo.h"

#include <QString>

#include <memory>
#include <optional>

class QLocalSocket;

namespace gk::channel::backdoor {

// A PortIo that does not touch the hardware: each call's registers (and a
// high-bandwidth transfer's bytes) go over a sim socket to the simulator's
// backdoor emulator, and its answer comes back (sim-backdoor:unix:PATH).
// Blocking, as the instructions it stands for; reconnects on the next call
// after the simulator went away. A call that cannot be forwarded answers as
// an absent backdoor does (EAX 0xFFFFFFFF, no status bits).
class ForwardingPortIo : public PortIo
{
public:
    static constexpr int kCallTimeoutMs = 5000;

    explicit ForwardingPortIo(QString path);
    ~ForwardingPortIo() override;

    void inOut(BackdoorRegs &regs) override;
    void hbOut(BackdoorRegs &regs) override;
    void hbIn(BackdoorRegs &regs) override;

    QString lastError() const { return m_error; }

private:
    bool ensureConnected();
    std::optional<QByteArray> roundTrip(const QByteArray &request);
    void failCall(BackdoorRegs &regs, bool hb);

    QString m_path;
    std::unique_ptr<QLocalSocket> m_socket;
    QString m_error;
};

} // namespace gk::channel::backdoor
