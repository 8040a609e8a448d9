#pragma once

#include "channel/backdoor/PortIo.h"

#include <QByteArray>
#include <QList>
#include <QQueue>

#include <functional>
#include <optional>

namespace gk::vmx {

// The VMX's side of the backdoor GuestRPC message protocol (the peer of
// open-vm-tools lib/message/message.c), as a PortIo: tests and the
// sim-backdoor bridge put it where the guest's port instructions would go.
// It keeps the channel table, checks magic, ports, ids and cookies, takes
// messages 4 bytes at a time or in one high-bandwidth transfer, answers
// GETVERSION, and can inject checkpoints and close channels on request.
class BackdoorEmulator : public channel::backdoor::PortIo
{
public:
    static constexpr int kMaxChannels = 8;

    struct Options
    {
        bool cookies = true;        // accept GUESTMSG_FLAG_COOKIE on OPEN
        bool highBandwidth = false; // offer the HB port on SENDSIZE / RECVSIZE
    };

    // A step of the protocol, for fault injection.
    enum class Step { SendPayload, HbOut, RecvPayload, HbIn, RecvStatus };

    // A message the guest sent on a channel (proto is TCLO or RPCI).
    using MessageHandler = std::function<void(int channel, quint32 proto, const QByteArray &)>;
    // A channel the guest opened or that went away.
    using ChannelHandler = std::function<void(int channel, quint32 proto, bool open)>;

    BackdoorEmulator() = default;
    explicit BackdoorEmulator(Options options) : m_options(options) {}

    void setOptions(const Options &options) { m_options = options; }
    void onMessage(MessageHandler handler) { m_onMessage = std::move(handler); }
    void onChannel(ChannelHandler handler) { m_onChannel = std::move(handler); }

    // Queues a message for the guest's next receive on that channel.
    bool post(int channel, const QByteArray &message);
    // The host closes a channel: every later call on it fails.
    void closeChannel(int channel);
    // The nth call (1 = the next one) of that step answers "checkpoint".
    void injectCheckpoint(Step step, int nth = 1);

    bool isOpen(int channel) const;
    int openChannels() const;
    QList<int> channelsWith(quint32 proto) const;
    quint64 lowCalls() const { return m_lowCalls; }
    quint64 highCalls() const { return m_highCalls; }
    quint64 checkpointsInjected() const { return m_cptDone; }

    void inOut(channel::backdoor::BackdoorRegs &regs) override;
    void hbOut(channel::backdoor::BackdoorRegs &regs) override;
    void hbIn(channel::backdoor::BackdoorRegs &regs) override;

private:
    struct Channel
    {
        bool open = false;
        quint32 proto = 0;
        bool cookies = false;
        quint32 cookieHigh = 0;
        quint32 cookieLow = 0;
        // Guest to host: the announced size and what arrived so far.
        std::optional<quint32> sendSize;
        QByteArray sending;
        // Host to guest: queued messages and how far the first one went.
        QQueue<QByteArray> outgoing;
        bool receiving = false;
        quint32 recvPos = 0;
    };

    Channel *channelFor(int id, quint32 cookieHigh, quint32 cookieLow);
    void message(channel::backdoor::BackdoorRegs &regs);
    bool checkpointNow(Step step);
    void deliver(int id, Channel &channel);

    Options m_options;
    Channel m_channels[kMaxChannels];
    MessageHandler m_onMessage;
    ChannelHandler m_onChannel;
    QList<std::pair<Step, int>> m_cpt;
    quint64 m_lowCalls = 0;
    quint64 m_highCalls = 0;
    quint64 m_cptDone = 0;
    quint32 m_nextCookie = 0x1234;
};

} // namespace gk::vmx
