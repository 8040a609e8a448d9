#pragma once

#include "PortIo.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace gk::channel::backdoor {

// One GuestRPC message channel over the backdoor (the guest side of
// open-vm-tools lib/message/message.c): open with a protocol (TCLO or RPCI)
// and cookies, send and receive whole messages 4 bytes per call or in one
// high-bandwidth transfer when the VMX offers it, and start a send or a
// receive over when a checkpoint interrupts it. Synchronous, portable.
class MessageChannel
{
public:
    // A message from the VMX over this size is refused (the receive fails).
    static constexpr qsizetype kMaxReceive = 4 * 1024 * 1024;
    // A VMX that answers "checkpoint" forever gets a failure, not a hang.
    static constexpr int kMaxCheckpointRetries = 64;

    struct Stats
    {
        quint64 lowCalls = 0;    // low-bandwidth backdoor calls
        quint64 highCalls = 0;   // high-bandwidth transfers
        quint64 checkpoints = 0; // restarts after a checkpoint
    };

    explicit MessageChannel(PortIo &io) : m_io(io) {}
    ~MessageChannel();
    MessageChannel(const MessageChannel &) = delete;
    MessageChannel &operator=(const MessageChannel &) = delete;

    bool open(quint32 protocol, QString *error);
    bool isOpen() const { return m_open; }
    // Sends one whole message (an empty one too: TCLO polls with it).
    bool send(const QByteArray &message, QString *error);
    // The VMX's pending message; an empty array when there is none.
    std::optional<QByteArray> receive(QString *error);
    // Closes the channel (safe to call when not open).
    void close();

    quint16 id() const { return m_id; }
    bool usesCookies() const { return m_cookies; }
    // Whether the last send or receive used the high-bandwidth port.
    bool lastUsedHighBandwidth() const { return m_lastHb; }
    const Stats &stats() const { return m_stats; }

private:
    BackdoorRegs messageCall(quint16 type, quint32 argument);
    void failReceive(bool duringPayload);

    PortIo &m_io;
    bool m_open = false;
    bool m_cookies = false;
    bool m_lastHb = false;
    quint16 m_id = 0;
    quint32 m_cookieHigh = 0;
    quint32 m_cookieLow = 0;
    Stats m_stats;
};

} // namespace gk::channel::backdoor
