#pragma once

#include "Backoff.h"
#include "MessageTransport.h"

#include <QQueue>
#include <QTimer>

namespace gk::channel {

// The guest side of TCLO: keeps a connection to the VMX, takes each command,
// hands it to the handler and sends back the handler's reply, one command at
// a time, reconnecting with back-off when the connection goes away.
class TcloChannel : public QObject
{
    Q_OBJECT
public:
    using Reply = std::function<void(const QByteArray &reply)>;
    using CommandHandler = std::function<void(const QByteArray &command, Reply reply)>;

    TcloChannel(TransportFactory factory, CommandHandler handler, QObject *parent = nullptr);
    ~TcloChannel() override;

    void start();
    void stop();
    bool isConnected() const { return m_transport && m_transport->isOpen(); }

signals:
    void connected();
    void disconnected(const QString &reason);

private:
    void connectNow();
    void onOpened();
    void onMessage(const QByteArray &command);
    void onClosed(const QString &reason);
    void dispatchNext();

    TransportFactory m_factory;
    CommandHandler m_handler;
    std::unique_ptr<MessageTransport> m_transport;
    Backoff m_backoff;
    QTimer m_retry;
    QQueue<QByteArray> m_queue;
    quint64 m_generation = 0; // bumps on every connection: stale replies are dropped
    bool m_busy = false;
    bool m_running = false;
};

} // namespace gk::channel
