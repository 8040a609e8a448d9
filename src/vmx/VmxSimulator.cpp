#include "VmxSimulator.h"

#include "BackdoorBridge.h"
#include "SimPeer.h"

#include <QEventLoop>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace gk::vmx {

QByteArray TcloResult::body() const
{
    if (reply.startsWith("OK "))
        return reply.mid(3);
    if (reply.startsWith("ERROR "))
        return reply.mid(6);
    return reply;
}

VmxSimulator::VmxSimulator(QObject *parent)
    : QObject(parent), m_handshake({"Capabilities_Register", "Set_Option broadcastIP 1"})
{}

VmxSimulator::~VmxSimulator()
{
    if (m_tclo)
        m_tclo->close();
    if (m_local)
        m_local->close();
}

bool VmxSimulator::listen(const channel::ChannelEndpoint &endpoint, QString *error)
{
    m_endpoint = endpoint;
    if (endpoint.kind == channel::ChannelEndpoint::Kind::SimUnix) {
        m_local = new QLocalServer(this);
        m_local->setSocketOptions(QLocalServer::UserAccessOption);
        QLocalServer::removeServer(endpoint.path); // a stale socket of an earlier run
        if (!m_local->listen(endpoint.path)) {
            *error = QStringLiteral("cannot listen on %1: %2")
                         .arg(endpoint.path, m_local->errorString());
            return false;
        }
        connect(m_local, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *s = m_local->nextPendingConnection())
                onNewConnection(s);
        });
        return true;
    }
    if (endpoint.kind == channel::ChannelEndpoint::Kind::SimTcp) {
        m_tcp = new QTcpServer(this);
        if (!m_tcp->listen(QHostAddress(endpoint.host), endpoint.port)) {
            *error = QStringLiteral("cannot listen on %1: %2")
                         .arg(endpoint.toString(), m_tcp->errorString());
            return false;
        }
        m_endpoint.port = m_tcp->serverPort();
        connect(m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_tcp->nextPendingConnection())
                onNewConnection(s);
        });
        return true;
    }
    *error = QStringLiteral("the simulator listens on sim:unix:PATH or sim:tcp:HOST:PORT only");
    return false;
}

void VmxSimulator::onNewConnection(QIODevice *socket)
{
    auto *peer = new SimPeer(socket, this);
    connect(peer, &SimPeer::helloReceived, this, [this, peer] { onHello(peer); });
    connect(peer, &SimPeer::closed, this, [this, peer](const QString &reason) {
        if (peer == m_tclo)
            onTcloClosed(peer, reason);
        peer->deleteLater();
    });
}

BackdoorBridge &VmxSimulator::backdoor()
{
    if (!m_backdoor)
        m_backdoor = new BackdoorBridge(m_endpoint, this);
    return *m_backdoor;
}

void VmxSimulator::onHello(SimPeer *peer)
{
    if (peer->kind() == SimPeer::Kind::Backdoor) {
        backdoor().addPeer(peer);
        return;
    }
    if (peer->kind() == SimPeer::Kind::Rpci) {
        connect(peer, &SimPeer::frameReceived, this, [this, peer](const QByteArray &request) {
            const QByteArray reply = answerRpci(m_state, request);
            peer->send(reply);
            emit rpciAnswered(request, reply);
        });
        return;
    }
    // A new TCLO connection replaces the old one; the VMX starts over with reset.
    if (m_tclo) {
        SimPeer *old = m_tclo;
        onTcloClosed(old, QStringLiteral("replaced by a new TCLO connection"));
        old->close();
        old->deleteLater();
    }
    m_tclo = peer;
    m_tcloIdle = false;
    m_ready = false;
    m_internal.clear();
    m_internal.enqueue({"reset", [this](const TcloResult &r) {
                            m_resetReply = r.reply;
                        }});
    for (const QByteArray &command : m_handshake)
        m_internal.enqueue({command, {}});
    // Marks the end of the handshake without a command of its own.
    m_internal.enqueue({QByteArray(), {}});
    connect(peer, &SimPeer::frameReceived, this,
            [this, peer](const QByteArray &payload) { onTcloFrame(peer, payload); });
}

void VmxSimulator::onTcloFrame(SimPeer *peer, const QByteArray &payload)
{
    if (peer != m_tclo)
        return;
    if (!m_inFlight) {
        // The guest's empty first reply, or a reply nobody asked for.
        m_tcloIdle = true;
        pump();
        return;
    }
    Pending done = std::move(*m_inFlight);
    m_inFlight.reset();
    m_tcloIdle = true;
    if (done.done)
        done.done(TcloResult{true, payload});
    pump();
}

void VmxSimulator::onTcloClosed(SimPeer *peer, const QString &reason)
{
    if (peer != m_tclo)
        return;
    m_tclo = nullptr;
    m_tcloIdle = false;
    const bool wasReady = m_ready;
    m_ready = false;
    if (m_inFlight) {
        Pending lost = std::move(*m_inFlight);
        m_inFlight.reset();
        if (lost.done)
            lost.done(TcloResult{false, {}});
    }
    if (wasReady)
        emit guestLost(reason);
}

void VmxSimulator::pump()
{
    while (m_tclo && m_tcloIdle && !m_inFlight) {
        Pending next;
        if (!m_internal.isEmpty()) {
            next = m_internal.dequeue();
            if (next.command.isEmpty()) { // end of the handshake
                m_ready = true;
                emit guestReady();
                continue;
            }
        } else if (m_ready && !m_queue.isEmpty()) {
            next = m_queue.dequeue();
        } else {
            return;
        }
        m_inFlight = std::move(next);
        m_tcloIdle = false;
        m_tclo->send(m_inFlight->command);
    }
}

void VmxSimulator::send(const QByteArray &command, Done done)
{
    m_queue.enqueue({command, std::move(done)});
    pump();
}

TcloResult VmxSimulator::call(const QByteArray &command, int timeoutMs)
{
    QEventLoop loop;
    std::optional<TcloResult> result;
    auto alive = std::make_shared<bool>(true);
    send(command, [&result, &loop, alive](const TcloResult &r) {
        if (!*alive)
            return;
        result = r;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!result)
        loop.exec();
    if (!result) {
        *alive = false;
        // Take the command back if it never went out.
        for (qsizetype i = 0; i < m_queue.size(); ++i) {
            if (m_queue.at(i).command == command) {
                m_queue.removeAt(i);
                break;
            }
        }
        return TcloResult{false, {}};
    }
    return *result;
}

bool VmxSimulator::waitForGuest(int timeoutMs)
{
    if (m_ready)
        return true;
    QEventLoop loop;
    connect(this, &VmxSimulator::guestReady, &loop, [&loop] { loop.quit(); });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return m_ready;
}

bool VmxSimulator::waitForRpci(const QByteArray &prefix, int timeoutMs)
{
    auto seen = [&] {
        for (const QByteArray &r : std::as_const(m_state.requests)) {
            if (r.startsWith(prefix))
                return true;
        }
        return false;
    };
    if (seen())
        return true;
    QEventLoop loop;
    connect(this, &VmxSimulator::rpciAnswered, &loop, [&](const QByteArray &request) {
        if (request.startsWith(prefix))
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return seen();
}

void VmxSimulator::dropTclo()
{
    if (!m_tclo)
        return;
    SimPeer *peer = m_tclo;
    onTcloClosed(peer, QStringLiteral("dropped by the simulator"));
    peer->close();
    peer->deleteLater();
}

void VmxSimulator::sendRawOnTclo(const QByteArray &bytes)
{
    if (m_tclo)
        m_tclo->sendRaw(bytes);
}

} // namespace gk::vmx
