#include "BackdoorBridge.h"

#include "SimPeer.h"
#include "channel/SimFrameCodec.h"
#include "channel/SimTransport.h"
#include "channel/backdoor/BackdoorDefs.h"
#include "channel/backdoor/PortCallCodec.h"

using namespace gk::channel::backdoor;

namespace gk::vmx {

BackdoorBridge::BackdoorBridge(channel::ChannelEndpoint simulator, QObject *parent)
    : QObject(parent), m_simulator(std::move(simulator)), m_emulator({true, true})
{
    m_emulator.onChannel([this](int id, quint32 proto, bool open) { onChannel(id, proto, open); });
    m_emulator.onMessage(
        [this](int id, quint32 proto, const QByteArray &m) { onGuestMessage(id, proto, m); });
}

BackdoorBridge::~BackdoorBridge() = default;

void BackdoorBridge::addPeer(SimPeer *peer)
{
    connect(peer, &SimPeer::frameReceived, this, [this, peer](const QByteArray &frame) {
        m_calls.enqueue({peer, frame});
        process();
    });
    connect(peer, &SimPeer::closed, this, [this, peer] { dropPeer(peer); });
}

void BackdoorBridge::dropPeer(SimPeer *peer)
{
    // The guest process went away: so do the channels it had open.
    QList<int> owned;
    for (const auto &[id, link] : m_links) {
        if (link.owner == peer || !link.owner)
            owned.append(id);
    }
    for (int id : owned)
        m_emulator.closeChannel(id);
}

void BackdoorBridge::onChannel(int id, quint32 proto, bool open)
{
    if (!open) {
        auto it = m_links.find(id);
        if (it != m_links.end()) {
            if (it->second.sim)
                it->second.sim->abort();
            it->second.sim.release()->deleteLater();
            m_links.erase(it);
        }
        return;
    }
    Link &link = m_links[id];
    link.proto = proto;
    link.owner = m_current;
    const bool tclo = proto == kProtoTclo;
    link.sim = std::make_unique<channel::SimTransport>(
        m_simulator, tclo ? channel::ChannelRole::Tclo : channel::ChannelRole::Rpci);
    channel::MessageTransport *sim = link.sim.get();
    connect(sim, &channel::MessageTransport::opened, this, [this, id, tclo, sim] {
        if (tclo) {
            sim->send(QByteArray()); // nothing answered yet: send the first command
            return;
        }
        auto it = m_links.find(id);
        while (it != m_links.end() && !it->second.unsent.isEmpty())
            sim->send(it->second.unsent.dequeue());
    });
    connect(sim, &channel::MessageTransport::messageReceived, this,
            [this, id](const QByteArray &m) {
                auto it = m_links.find(id);
                if (it == m_links.end())
                    return;
                // A TCLO command waits for the guest's next poll; an RPCI
                // answer releases the guest's waiting receive.
                it->second.awaitingAnswer = false;
                m_emulator.post(id, m);
                process();
            });
    connect(sim, &channel::MessageTransport::closed, this, [this, id](const QString &) {
        // The simulator dropped this channel: the guest sees it closed.
        m_emulator.closeChannel(id);
        process();
    });
    sim->open();
}

void BackdoorBridge::onGuestMessage(int id, quint32 proto, const QByteArray &message)
{
    auto it = m_links.find(id);
    if (it == m_links.end())
        return;
    Link &link = it->second;
    if (proto == kProtoTclo) {
        // Empty messages are the guest's polls; the rest are its replies.
        if (!message.isEmpty() && link.sim->isOpen())
            link.sim->send(message);
        return;
    }
    link.awaitingAnswer = true;
    if (link.sim->isOpen())
        link.sim->send(message);
    else
        link.unsent.enqueue(message);
}

bool BackdoorBridge::blocked(const Call &call) const
{
    const std::optional<PortCall> c = decodePortCall(call.frame);
    if (!c || c->kind != PortCallKind::InOut || quint16(c->regs.cx) != kCmdMessage ||
        c->regs.cxHigh() != kMsgRecvSize)
        return false;
    const auto it = m_links.find(c->regs.dxHigh());
    return it != m_links.end() && it->second.proto == kProtoRpci && it->second.awaitingAnswer;
}

void BackdoorBridge::process()
{
    if (m_processing)
        return;
    m_processing = true;
    while (!m_calls.isEmpty() && !blocked(m_calls.head())) {
        Call call = m_calls.dequeue();
        if (!call.peer)
            continue;
        m_current = call.peer;
        const QByteArray reply = run(call.frame);
        m_current = nullptr;
        if (call.peer)
            call.peer->send(reply);
    }
    m_processing = false;
}

QByteArray BackdoorBridge::run(const QByteArray &frame)
{
    std::optional<PortCall> call = decodePortCall(frame);
    BackdoorRegs regs;
    regs.ax = 0xffffffffu;
    if (!call)
        return encodePortReply(regs, {});
    regs = call->regs;
    switch (call->kind) {
    case PortCallKind::InOut:
        m_emulator.inOut(regs);
        return encodePortReply(regs, {});
    case PortCallKind::HbOut:
        // The emulator reads the guest's bytes where RSI points: here.
        regs.si = quint64(quintptr(call->data.constData()));
        m_emulator.hbOut(regs);
        return encodePortReply(regs, {});
    case PortCallKind::HbIn: {
        const quint32 size = quint32(regs.cx);
        if (qsizetype(size) > channel::kSimMaxFrame - 64) {
            regs.bx = 0; // no status: refused
            return encodePortReply(regs, {});
        }
        QByteArray buffer(qsizetype(size), '\0');
        regs.di = quint64(quintptr(buffer.data()));
        m_emulator.hbIn(regs);
        const bool ok = (regs.bxHigh() & kStatusSuccess) != 0;
        return encodePortReply(regs, ok ? buffer : QByteArray());
    }
    }
    return encodePortReply(regs, {});
}

} // namespace gk::vmx
