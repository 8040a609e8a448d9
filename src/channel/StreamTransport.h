#pragma once

#include "LengthPrefixedReader.h"
#include "MessageTransport.h"

class QIODevice;

namespace gk::channel {

// What the sim channel and vsock share: a connected stream socket (Unix,
// TCP, vsock), records split by their big-endian length prefix, the
// connection's life (open, failure, teardown). A subclass says how the
// socket is made and what a record means; the reconnect above it is shared
// too (TcloChannel, RpciChannel).
class StreamTransport : public MessageTransport
{
    Q_OBJECT
public:
    ~StreamTransport() override;

    void abort() override { teardown(); }
    bool isOpen() const override { return m_open; }

protected:
    StreamTransport(ChannelRole role, LengthPrefixedReader reader, QObject *parent);

    // Takes the socket (connecting or connected) and wires its signals;
    // the reader starts empty.
    void attach(QIODevice *socket);
    // The connection is usable: opened(), then whatever already arrived.
    void markOpen();
    // Writes and flushes now: a ping's round trip is the latency that matters
    // here (an unbuffered QLocalSocket defers every write to a write
    // notification, docs/performance.md). A write can find the peer gone and
    // tear the connection down before it returns.
    void writeNow(const QByteArray &bytes);
    // Tears down and emits closed(reason), once per connection.
    void fail(const QString &reason);
    // Subclasses stop their timers, then call this.
    virtual void teardown();
    // One record from the peer; may fail() the connection.
    virtual void handleRecord(const QByteArray &record) = 0;

    QIODevice *socket() const { return m_socket; }
    ChannelRole role() const { return m_role; }
    QLatin1String roleName() const;

private:
    void onReadyRead();

    ChannelRole m_role;
    LengthPrefixedReader m_reader;
    const LengthPrefixedReader m_emptyReader;
    QIODevice *m_socket = nullptr;
    bool m_open = false;
};

} // namespace gk::channel
