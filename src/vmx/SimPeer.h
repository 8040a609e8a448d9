#pragma once

#include "channel/SimFrameCodec.h"

#include <QObject>

class QIODevice;

namespace gk::vmx {

// The VMX end of one sim channel connection: reads the hello, then frames.
class SimPeer : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Unknown, Tclo, Rpci, Backdoor };

    // Takes ownership of a connected QLocalSocket or QTcpSocket.
    explicit SimPeer(QIODevice *socket, QObject *parent = nullptr);
    ~SimPeer() override;

    Kind kind() const { return m_kind; }
    void send(const QByteArray &payload);
    // Writes bytes as they are, framing or not (tests send garbage with it).
    void sendRaw(const QByteArray &bytes);
    void close();

signals:
    void helloReceived();
    void frameReceived(const QByteArray &payload);
    void closed(const QString &reason);

private:
    void onReadyRead();
    void fail(const QString &reason);

    QIODevice *m_socket;
    channel::SimFrameDecoder m_decoder;
    Kind m_kind = Kind::Unknown;
    bool m_closed = false;
};

} // namespace gk::vmx
