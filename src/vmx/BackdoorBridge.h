#pragma once

#include "BackdoorEmulator.h"
#include "channel/ChannelEndpoint.h"

#include <QObject>
#include <QPointer>
#include <QQueue>

#include <map>
#include <memory>

namespace gk::channel {
class MessageTransport;
}

namespace gk::vmx {

class SimPeer;

// The simulator's end of sim-backdoor connections (docs/transports.md): the
// guest's backdoor calls arrive as frames and run against one
// BackdoorEmulator (the VM's backdoor), whose TCLO and RPCI channels are
// bridged to the simulator's own TCLO and RPCI handling by connecting to its
// sim endpoint as a guest would. A receive on an RPCI channel waits until
// the simulator has answered the request, as the real VMX answers before
// the guest's next call.
class BackdoorBridge : public QObject
{
    Q_OBJECT
public:
    BackdoorBridge(channel::ChannelEndpoint simulator, QObject *parent = nullptr);
    ~BackdoorBridge() override;

    void addPeer(SimPeer *peer);
    BackdoorEmulator &emulator() { return m_emulator; }

private:
    struct Link
    {
        quint32 proto = 0;
        QPointer<SimPeer> owner;
        std::unique_ptr<channel::MessageTransport> sim;
        QQueue<QByteArray> unsent; // RPCI requests before the connection opened
        bool awaitingAnswer = false;
    };
    struct Call
    {
        QPointer<SimPeer> peer;
        QByteArray frame;
    };

    void onChannel(int id, quint32 proto, bool open);
    void onGuestMessage(int id, quint32 proto, const QByteArray &message);
    void process();
    bool blocked(const Call &call) const;
    QByteArray run(const QByteArray &frame);
    void dropPeer(SimPeer *peer);

    channel::ChannelEndpoint m_simulator;
    BackdoorEmulator m_emulator;
    std::map<int, Link> m_links;
    QQueue<Call> m_calls;
    SimPeer *m_current = nullptr;
    bool m_processing = false;
};

} // namespace gk::vmx
