#include "SimPeer.h"

#include <QAbstractSocket>
#include <QLocalSocket>
#include <QPointer>

namespace gk::vmx {

SimPeer::SimPeer(QIODevice *socket, QObject *parent) : QObject(parent), m_socket(socket)
{
    socket->setParent(this);
    connect(socket, &QIODevice::readyRead, this, &SimPeer::onReadyRead);
    if (auto *local = qobject_cast<QLocalSocket *>(socket)) {
        connect(local, &QLocalSocket::disconnected, this,
                [this] { fail(QStringLiteral("the guest closed the connection")); });
    } else if (auto *tcp = qobject_cast<QAbstractSocket *>(socket)) {
        tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(tcp, &QAbstractSocket::disconnected, this,
                [this] { fail(QStringLiteral("the guest closed the connection")); });
    }
    // Bytes that arrived before we connected the signal.
    QMetaObject::invokeMethod(this, &SimPeer::onReadyRead, Qt::QueuedConnection);
}

SimPeer::~SimPeer()
{
    m_socket->disconnect(this);
}

void SimPeer::sendRaw(const QByteArray &bytes)
{
    if (m_closed)
        return;
    m_socket->write(bytes);
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket))
        local->flush();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(m_socket))
        tcp->flush();
}

void SimPeer::send(const QByteArray &payload)
{
    sendRaw(channel::encodeSimFrame(payload));
}

void SimPeer::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_socket->disconnect(this);
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket))
        local->abort();
    else if (auto *tcp = qobject_cast<QAbstractSocket *>(m_socket))
        tcp->abort();
}

void SimPeer::fail(const QString &reason)
{
    if (m_closed)
        return;
    close();
    emit closed(reason);
}

void SimPeer::onReadyRead()
{
    if (m_closed)
        return;
    m_decoder.feed(m_socket->readAll());
    QPointer<SimPeer> self(this);
    while (self && !m_closed) {
        std::optional<QByteArray> frame = m_decoder.next();
        if (!frame)
            break;
        if (m_kind == Kind::Unknown) {
            if (*frame == "TCLO")
                m_kind = Kind::Tclo;
            else if (*frame == "RPCI")
                m_kind = Kind::Rpci;
            else if (*frame == "BDOR") // sim-backdoor: backdoor calls (BackdoorBridge)
                m_kind = Kind::Backdoor;
            else {
                fail(QStringLiteral("bad hello"));
                return;
            }
            emit helloReceived();
            continue;
        }
        emit frameReceived(*frame);
    }
    if (self && m_decoder.failed())
        fail(m_decoder.error());
}

} // namespace gk::vmx
