#pragma once

#include "MessageTransport.h"
#include "backdoor/MessageChannel.h"

#include <QTimer>

#include <memory>

namespace gk::channel {

// One GuestRPC channel over the backdoor (TCLO or RPCI), under the same
// MessageTransport interface as the sim channel. RPCI: each request is sent
// and its answer received at once. TCLO has to be polled, as vmtoolsd does
// (lib/rpcIn/rpcin.c RpcInLoop): send the last reply (or an empty message),
// then receive; right after a command the next poll is immediate, idle polls
// back off 10 ms x 1, 2, 4, 8, then 10 (100 ms). Only this transport polls.
class BackdoorTransport : public MessageTransport
{
    Q_OBJECT
public:
    // The VMX takes no guest message over 64 KiB (guest_msg_def.h GUESTMSG_MAX_IN_SIZE).
    static constexpr qsizetype kMaxSend = 64 * 1024;
    static constexpr int kMaxPollDelayTicks = 10; // x 10 ms

    BackdoorTransport(std::shared_ptr<backdoor::PortIo> io, ChannelRole role,
                      QString name = QStringLiteral("backdoor"), QObject *parent = nullptr);
    ~BackdoorTransport() override;

    void open() override;
    void abort() override;
    bool isOpen() const override { return m_open; }
    bool send(const QByteArray &message) override;
    QString describe() const override;

    // The delay of the next idle poll, in ms (tests read it).
    int pollDelayMs() const { return m_delayTicks * 10; }
    const backdoor::MessageChannel::Stats &stats() const { return m_channel.stats(); }

private:
    void openNow();
    void tick();
    void fail(const QString &reason);

    std::shared_ptr<backdoor::PortIo> m_io;
    backdoor::MessageChannel m_channel;
    ChannelRole m_role;
    QString m_name;
    QTimer m_timer;
    QByteArray m_outgoing;
    bool m_hasOutgoing = false;
    bool m_waitingForReply = false; // TCLO: a command is with the handler
    bool m_open = false;
    bool m_opening = false;
    int m_delayTicks = 0;
};

} // namespace gk::channel
