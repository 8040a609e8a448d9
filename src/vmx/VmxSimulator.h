#pragma once

#include "GuestState.h"
#include "channel/ChannelEndpoint.h"

#include <QObject>
#include <QPointer>
#include <QQueue>

#include <functional>

class QLocalServer;
class QTcpServer;
class QIODevice;

namespace gk::vmx {

class SimPeer;
class BackdoorBridge;

// The outcome of one TCLO command sent to the guest.
struct TcloResult
{
    bool delivered = false; // false: no guest, or the connection dropped first
    QByteArray reply;       // the guest's reply frame, "OK ..." or "ERROR ..."

    bool ok() const { return delivered && reply.startsWith("OK "); }
    // The reply without its OK/ERROR status word.
    QByteArray body() const;
};

// A simulated VMX on a sim channel endpoint (../shared/spec/sim-channel.md):
// it listens, accepts the guest's TCLO and RPCI connections, sends `reset`
// (and a configurable handshake) on each new TCLO connection, queues TCLO
// commands one at a time, and answers RPCI requests from its GuestState.
class VmxSimulator : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const TcloResult &)>;

    explicit VmxSimulator(QObject *parent = nullptr);
    ~VmxSimulator() override;

    bool listen(const channel::ChannelEndpoint &endpoint, QString *error);
    // The endpoint the guest should use (with the real port for tcp port 0).
    channel::ChannelEndpoint endpoint() const { return m_endpoint; }

    // Commands sent after `reset` on every new TCLO connection, as a VMX
    // does. Default: Capabilities_Register, then Set_Option broadcastIP 1.
    void setHandshake(const QList<QByteArray> &commands) { m_handshake = commands; }

    // Queues one command; done runs with the guest's reply, or undelivered.
    void send(const QByteArray &command, Done done);
    // The same, waiting in a local event loop (for tests and the CLI).
    TcloResult call(const QByteArray &command, int timeoutMs = 10000);
    // Waits until a guest has answered reset and the handshake.
    bool waitForGuest(int timeoutMs);
    // Waits until an RPCI request starting with prefix has been answered.
    bool waitForRpci(const QByteArray &prefix, int timeoutMs);

    bool isGuestReady() const { return m_ready; }
    QByteArray resetReply() const { return m_resetReply; }
    GuestState &guest() { return m_state; }
    // The VM's backdoor, for guests on sim-backdoor:unix:PATH (created on first use).
    BackdoorBridge &backdoor();

    // Test hooks: drop the guest's TCLO connection; write raw bytes on it.
    void dropTclo();
    void sendRawOnTclo(const QByteArray &bytes);

signals:
    void guestReady();
    void guestLost(const QString &reason);
    void rpciAnswered(const QByteArray &request, const QByteArray &reply);

private:
    struct Pending
    {
        QByteArray command;
        Done done;
    };
    void onNewConnection(QIODevice *socket);
    void onHello(SimPeer *peer);
    void onTcloFrame(SimPeer *peer, const QByteArray &payload);
    void onTcloClosed(SimPeer *peer, const QString &reason);
    void pump();

    channel::ChannelEndpoint m_endpoint;
    QLocalServer *m_local = nullptr;
    QTcpServer *m_tcp = nullptr;
    GuestState m_state;
    QList<QByteArray> m_handshake;
    QPointer<SimPeer> m_tclo;
    BackdoorBridge *m_backdoor = nullptr;
    bool m_tcloIdle = false; // the guest waits for a command
    bool m_ready = false;
    QByteArray m_resetReply;
    QQueue<Pending> m_queue;    // user commands
    QQueue<Pending> m_internal; // reset and handshake, ahead of user commands
    std::optional<Pending> m_inFlight;
};

} // namespace gk::vmx
