#include "StreamTransport.h"

#include <QAbstractSocket>
#include <QLocalSocket>
#include <QPointer>

namespace gk::channel {

StreamTransport::StreamTransport(ChannelRole role, LengthPrefixedReader reader, QObject *parent)
    : MessageTransport(parent), m_role(role), m_reader(reader), m_emptyReader(reader)
{}

StreamTransport::~StreamTransport()
{
    // Not virtual dispatch here: the subclass's own teardown ran in its destructor.
    StreamTransport::teardown();
}

QLatin1String StreamTransport::roleName() const
{
    return m_role == ChannelRole::Tclo ? QLatin1String("TCLO") : QLatin1String("RPCI");
}

void StreamTransport::attach(QIODevice *socket)
{
    m_socket = socket;
    m_reader = m_emptyReader;
    connect(socket, &QIODevice::readyRead, this, &StreamTransport::onReadyRead);
    const auto gone = [this] {
        fail(QStringLiteral("the VMX closed the connection"));
    };
    if (auto *local = qobject_cast<QLocalSocket *>(socket)) {
        connect(local, &QLocalSocket::disconnected, this, gone);
        connect(local, &QLocalSocket::errorOccurred, this,
                [this, local](QLocalSocket::LocalSocketError) { fail(local->errorString()); });
    } else if (auto *net = qobject_cast<QAbstractSocket *>(socket)) {
        connect(net, &QAbstractSocket::disconnected, this, gone);
        connect(net, &QAbstractSocket::errorOccurred, this,
                [this, net](QAbstractSocket::SocketError) { fail(net->errorString()); });
    }
}

void StreamTransport::markOpen()
{
    m_open = true;
    emit opened();
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void StreamTransport::teardown()
{
    m_open = false;
    if (!m_socket)
        return;
    QIODevice *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->abort();
    else if (auto *net = qobject_cast<QAbstractSocket *>(socket))
        net->abort();
    socket->deleteLater();
}

void StreamTransport::writeNow(const QByteArray &bytes)
{
    if (!m_socket)
        return;
    m_socket->write(bytes);
    if (auto *local = qobject_cast<QLocalSocket *>(m_socket))
        local->flush();
    else if (auto *net = qobject_cast<QAbstractSocket *>(m_socket))
        net->flush();
}

void StreamTransport::onReadyRead()
{
    if (!m_socket)
        return;
    // Out of Qt's read buffer straight into the record being received.
    while (!m_reader.failed()) {
        const qint64 n = m_socket->read(m_reader.space(), m_reader.wanted());
        if (n <= 0)
            break; // nothing more now; errors arrive as errorOccurred
        m_reader.commit(qsizetype(n));
    }
    QPointer<StreamTransport> self(this);
    while (self && m_socket) {
        const std::optional<QByteArray> record = m_reader.next();
        if (!record)
            break;
        handleRecord(*record);
    }
    if (self && m_reader.failed())
        fail(m_reader.error());
}

void StreamTransport::fail(const QString &reason)
{
    if (!m_socket)
        return;
    teardown();
    emit closed(reason);
}

} // namespace gk::channel
