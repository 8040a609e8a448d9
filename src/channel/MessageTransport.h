#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace gk::channel {

// Which GuestRPC channel a connection carries.
enum class ChannelRole { Tclo, Rpci };

// One message-oriented connection to the VMX for one channel, whatever carries
// it (sim socket, vsock, backdoor). Everything above the transport deals in
// whole messages; framing, hellos and polling live below this interface.
class MessageTransport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~MessageTransport() override = default;

    // Starts connecting; ends in opened() or closed().
    virtual void open() = 0;
    // Drops the connection without emitting closed().
    virtual void abort() = 0;
    virtual bool isOpen() const = 0;
    // Queues one message; false when not open or the message is over the
    // transport's size limit (nothing is sent then).
    virtual bool send(const QByteArray &message) = 0;
    virtual QString describe() const = 0;

signals:
    void opened();
    void messageReceived(const QByteArray &message);
    // The connection failed or went away; emitted once per open().
    void closed(const QString &reason);
};

using TransportFactory = std::function<std::unique_ptr<MessageTransport>(ChannelRole)>;

} // namespace gk::channel
