#pragma once

#include "MessageTransport.h"

#include <QQueue>

namespace gk::channel {

// The answer to one RPCI request: the VMX's `1 ` (ok) or `0 ` status and text,
// or a transport failure when no answer came.
struct RpciResult
{
    enum class Status { Ok, Failed, TransportError };
    Status status = Status::TransportError;
    QByteArray text;

    bool ok() const { return status == Status::Ok; }
    static RpciResult fromReply(const QByteArray &reply);
};

// Anything that can send an RPCI request (the channel below, or a test double).
class RpciSender
{
public:
    using Done = std::function<void(const RpciResult &)>;
    virtual ~RpciSender() = default;
    virtual void send(const QByteArray &request, Done done = {}) = 0;
};

// The guest side of RPCI: requests queue up and go one at a time over one
// connection, opened on first use and reopened after it drops.
class RpciChannel : public QObject, public RpciSender
{
    Q_OBJECT
public:
    explicit RpciChannel(TransportFactory factory, QObject *parent = nullptr);
    ~RpciChannel() override;

    void send(const QByteArray &request, Done done = {}) override;
    void close();

private:
    struct Pending
    {
        QByteArray request;
        Done done;
    };
    void pump();
    void onMessage(const QByteArray &reply);
    void onClosed(const QString &reason);

    TransportFactory m_factory;
    std::unique_ptr<MessageTransport> m_transport;
    QQueue<Pending> m_queue;
    bool m_inFlight = false;
};

} // namespace gk::channel
