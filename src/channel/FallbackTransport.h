#pragma once

#include "MessageTransport.h"

namespace gk::channel {

// --channel auto, per connection: the first transport (vsock) if it opens,
// else the second (backdoor), as vmtoolsd falls back when the vsock connect
// fails. TCLO and RPCI each decide on their own, and try vsock again on
// every reconnect.
class FallbackTransport : public MessageTransport
{
public:
    FallbackTransport(TransportFactory first, TransportFactory second, ChannelRole role,
                      QObject *parent = nullptr);
    ~FallbackTransport() override;

    void open() override;
    void abort() override;
    bool isOpen() const override { return m_active && m_active->isOpen(); }
    bool send(const QByteArray &message) override { return m_active && m_active->send(message); }
    QString describe() const override;

private:
    void start(std::unique_ptr<MessageTransport> transport, bool last);

    TransportFactory m_first;
    TransportFactory m_second;
    ChannelRole m_role;
    std::unique_ptr<MessageTransport> m_active;
    QString m_firstFailure;
};

} // namespace gk::channel
