#pragma once

#include "MessageTransport.h"

#include <chrono>
#include <functional>
#include <optional>

namespace gk::channel {

// How long --channel auto keeps RPCI on the backdoor after vsock failed
// (lib/rpcChannel/rpcChannel.c: RPCCHANNEL_VSOCKET_RETRY_MIN_DELAY 2 s,
// doubled at every fallback, RPCCHANNEL_VSOCKET_RETRY_MAX_DELAY 5 min): a
// vsock connect that does not work can take seconds to fail, and vmtoolsd
// does not pay that on every message. One per channel, shared by its
// connections.
class VsockRetry
{
public:
    using Clock = std::function<std::chrono::milliseconds()>;
    static constexpr std::chrono::milliseconds kMinDelay{2000};
    static constexpr std::chrono::milliseconds kMaxDelay{5 * 60 * 1000};

    explicit VsockRetry(Clock clock = {}, std::chrono::milliseconds minDelay = kMinDelay,
                        std::chrono::milliseconds maxDelay = kMaxDelay);

    // vsock may be tried: it never failed, or the delay has passed since.
    bool due() const;
    // vsock failed and the backdoor took over: the delay doubles (capped).
    void failed();
    // vsock works: the next failure starts from the shortest delay.
    void succeeded();
    std::chrono::milliseconds delay() const { return m_delay; }

private:
    Clock m_clock;
    std::chrono::milliseconds m_minDelay;
    std::chrono::milliseconds m_maxDelay;
    std::chrono::milliseconds m_delay;
    std::optional<std::chrono::milliseconds> m_failedAt;
};

// --channel auto, per connection: the first transport (vsock) if it opens,
// else the second (backdoor), as vmtoolsd falls back when the vsock connect
// fails. TCLO and RPCI each decide on their own. Without a VsockRetry (TCLO,
// whose restart clears the backdoor behaviour in vmtoolsd) every open tries
// vsock first. With one (RPCI), vsock is skipped while its delay runs, and
// a message sent over the backdoor after the delay goes over a fresh vsock
// connection when that opens, else over the backdoor again
// (RpcChannel_Send).
class FallbackTransport : public MessageTransport
{
public:
    FallbackTransport(TransportFactory first, TransportFactory second, ChannelRole role,
                      std::shared_ptr<VsockRetry> retry = {}, QObject *parent = nullptr);
    ~FallbackTransport() override;

    void open() override;
    void abort() override;
    bool isOpen() const override { return m_active && m_active->isOpen(); }
    bool send(const QByteArray &message) override;
    QString describe() const override;

private:
    void start(bool first);
    void dropActive();

    TransportFactory m_first;
    TransportFactory m_second;
    ChannelRole m_role;
    std::shared_ptr<VsockRetry> m_retry;
    std::unique_ptr<MessageTransport> m_active;
    bool m_onFirst = false;
    bool m_announced = false;         // opened() emitted for this open()
    std::optional<QByteArray> m_held; // sent once the switch to vsock settles
    QString m_firstFailure;
};

} // namespace gk::channel
