#include "BackdoorEmulator.h"

#include "channel/backdoor/BackdoorDefs.h"

#include <cstring>

using namespace gk::channel::backdoor;

namespace gk::vmx {

namespace {

// The status goes back in the high half of ECX (low-bandwidth calls).
void setStatus(BackdoorRegs &r, quint16 status)
{
    r.cx = quint32(status) << 16;
}

// ... and in the high half of EBX after a high-bandwidth transfer.
void setHbStatus(BackdoorRegs &r, quint16 status)
{
    r.bx = quint32(status) << 16;
}

} // namespace

bool BackdoorEmulator::post(int id, const QByteArray &message)
{
    if (id < 0 || id >= kMaxChannels || !m_channels[id].open)
        return false;
    m_channels[id].outgoing.enqueue(message);
    return true;
}

void BackdoorEmulator::closeChannel(int id)
{
    if (id < 0 || id >= kMaxChannels || !m_channels[id].open)
        return;
    const quint32 proto = m_channels[id].proto;
    m_channels[id] = Channel();
    if (m_onChannel)
        m_onChannel(id, proto, false);
}

void BackdoorEmulator::injectCheckpoint(Step step, int nth)
{
    m_cpt.append({step, nth});
}

bool BackdoorEmulator::isOpen(int id) const
{
    return id >= 0 && id < kMaxChannels && m_channels[id].open;
}

int BackdoorEmulator::openChannels() const
{
    int n = 0;
    for (const Channel &c : m_channels)
        n += c.open ? 1 : 0;
    return n;
}

QList<int> BackdoorEmulator::channelsWith(quint32 proto) const
{
    QList<int> ids;
    for (int i = 0; i < kMaxChannels; ++i) {
        if (m_channels[i].open && m_channels[i].proto == proto)
            ids.append(i);
    }
    return ids;
}

bool BackdoorEmulator::checkpointNow(Step step)
{
    bool fire = false;
    for (auto it = m_cpt.begin(); it != m_cpt.end();) {
        if (it->first == step && --it->second == 0) {
            fire = true;
            it = m_cpt.erase(it);
        } else {
            ++it;
        }
    }
    if (fire)
        ++m_cptDone;
    return fire;
}

// The channel a call names (EDX high half), if open and the cookies match
// (ESI/EDI on low-bandwidth calls; message.c moves them for the HB transfers).
BackdoorEmulator::Channel *BackdoorEmulator::channelFor(int id, quint32 cookieHigh,
                                                        quint32 cookieLow)
{
    if (id >= kMaxChannels || !m_channels[id].open)
        return nullptr;
    Channel &c = m_channels[id];
    if (!c.cookies)
        return &c;
    return cookieHigh == c.cookieHigh && cookieLow == c.cookieLow ? &c : nullptr;
}

void BackdoorEmulator::deliver(int id, Channel &c)
{
    const QByteArray message = c.sending;
    const quint32 proto = c.proto;
    c.sendSize.reset();
    c.sending.clear();
    if (m_onMessage)
        m_onMessage(id, proto, message);
}

void BackdoorEmulator::inOut(BackdoorRegs &r)
{
    ++m_lowCalls;
    // Not the backdoor: what an unclaimed port reads.
    if (quint32(r.ax) != kMagic || quint16(r.dx) != kPortLow) {
        r.ax = 0xffffffffu;
        return;
    }
    switch (quint16(r.cx)) {
    case kCmdGetVersion:
        r.ax = kVersionMagic;
        r.bx = kMagic;
        r.cx = 4; // a VMX type (ESX server)
        return;
    case kCmdMessage:
        message(r);
        return;
    default:
        r.ax = 0xffffffffu;
        return;
    }
}

void BackdoorEmulator::message(BackdoorRegs &r)
{
    const quint16 type = r.cxHigh();
    if (type == kMsgOpen) {
        const quint32 proto = quint32(r.bx) & ~kFlagCookie;
        const bool cookies = (quint32(r.bx) & kFlagCookie) != 0;
        if ((proto != kProtoTclo && proto != kProtoRpci) || (cookies && !m_options.cookies)) {
            setStatus(r, 0);
            return;
        }
        for (int id = 0; id < kMaxChannels; ++id) {
            Channel &c = m_channels[id];
            if (c.open)
                continue;
            c = Channel();
            c.open = true;
            c.proto = proto;
            c.cookies = cookies;
            if (cookies) {
                c.cookieHigh = 0xc0de0000u | ++m_nextCookie;
                c.cookieLow = 0x0000beefu ^ (m_nextCookie << 16);
            }
            setStatus(r, kStatusSuccess);
            r.dx = quint32(id) << 16;
            r.si = c.cookieHigh;
            r.di = c.cookieLow;
            if (m_onChannel)
                m_onChannel(id, proto, true);
            return;
        }
        setStatus(r, 0); // no free channel
        return;
    }
    Channel *c = channelFor(r.dxHigh(), quint32(r.si), quint32(r.di));
    if (!c) {
        setStatus(r, 0);
        return;
    }
    const int id = r.dxHigh();
    const quint16 hb = m_options.highBandwidth ? kStatusHb : 0;
    switch (type) {
    case kMsgSendSize:
        c->sendSize = quint32(r.bx);
        c->sending.clear();
        setStatus(r, kStatusSuccess | hb);
        if (*c->sendSize == 0)
            deliver(id, *c);
        return;
    case kMsgSendPayload: {
        if (!c->sendSize || quint32(c->sending.size()) >= *c->sendSize) {
            setStatus(r, 0); // payload without a size, or more than announced
            return;
        }
        if (checkpointNow(Step::SendPayload)) {
            c->sendSize.reset(); // the guest starts over from SENDSIZE
            c->sending.clear();
            setStatus(r, kStatusCpt);
            return;
        }
        const quint32 left = *c->sendSize - quint32(c->sending.size());
        const quint32 word = quint32(r.bx);
        for (quint32 i = 0; i < qMin<quint32>(4, left); ++i)
            c->sending.append(char(word >> (8 * i)));
        setStatus(r, kStatusSuccess);
        if (quint32(c->sending.size()) == *c->sendSize)
            deliver(id, *c);
        return;
    }
    case kMsgRecvSize:
        c->receiving = false;
        c->recvPos = 0;
        if (c->outgoing.isEmpty()) {
            setStatus(r, kStatusSuccess);
            return;
        }
        c->receiving = true;
        setStatus(r, kStatusSuccess | kStatusDoRecv | hb);
        r.dx = quint32(kMsgSendSize) << 16;
        r.bx = quint32(c->outgoing.head().size());
        return;
    case kMsgRecvPayload: {
        if (!c->receiving || quint32(r.bx) != kStatusSuccess) {
            // The guest gave up (status 0): the message stays for a retry.
            c->receiving = false;
            setStatus(r, quint32(r.bx) == 0 ? kStatusSuccess : 0);
            return;
        }
        if (checkpointNow(Step::RecvPayload)) {
            c->receiving = false;
            setStatus(r, kStatusCpt);
            return;
        }
        const QByteArray &m = c->outgoing.head();
        quint32 word = 0;
        for (quint32 i = 0; i < 4 && c->recvPos + i < quint32(m.size()); ++i)
            word |= quint32(uchar(m[c->recvPos + i])) << (8 * i);
        c->recvPos += 4;
        setStatus(r, kStatusSuccess);
        r.dx = quint32(kMsgSendPayload) << 16;
        r.bx = word;
        return;
    }
    case kMsgRecvStatus:
        if (!c->receiving) {
            setStatus(r, quint32(r.bx) == 0 ? kStatusSuccess : 0);
            return;
        }
        if (checkpointNow(Step::RecvStatus)) {
            c->receiving = false;
            setStatus(r, kStatusCpt);
            return;
        }
        c->receiving = false;
        if (quint32(r.bx) == kStatusSuccess)
            c->outgoing.dequeue(); // delivered
        setStatus(r, kStatusSuccess);
        return;
    case kMsgClose: {
        const quint32 proto = c->proto;
        *c = Channel();
        setStatus(r, kStatusSuccess);
        if (m_onChannel)
            m_onChannel(id, proto, false);
        return;
    }
    default:
        setStatus(r, 0);
        return;
    }
}

void BackdoorEmulator::hbOut(BackdoorRegs &r)
{
    ++m_highCalls;
    if (!m_options.highBandwidth || quint32(r.ax) != kMagic || quint16(r.dx) != kPortHigh ||
        r.bx != (quint32(kStatusSuccess) << 16 | kHbCmdMessage)) {
        setHbStatus(r, 0);
        return;
    }
    Channel *c = channelFor(r.dxHigh(), quint32(r.bp), quint32(r.di));
    if (!c || !c->sendSize || !c->sending.isEmpty() || quint32(r.cx) != *c->sendSize) {
        setHbStatus(r, 0);
        return;
    }
    if (checkpointNow(Step::HbOut)) {
        c->sendSize.reset();
        setHbStatus(r, kStatusCpt);
        return;
    }
    // What the hypervisor does: read the guest's buffer at RSI.
    c->sending = QByteArray(reinterpret_cast<const char *>(quintptr(r.si)), qsizetype(r.cx));
    setHbStatus(r, kStatusSuccess);
    deliver(r.dxHigh(), *c);
}

void BackdoorEmulator::hbIn(BackdoorRegs &r)
{
    ++m_highCalls;
    if (!m_options.highBandwidth || quint32(r.ax) != kMagic || quint16(r.dx) != kPortHigh ||
        r.bx != (quint32(kStatusSuccess) << 16 | kHbCmdMessage)) {
        setHbStatus(r, 0);
        return;
    }
    Channel *c = channelFor(r.dxHigh(), quint32(r.si), quint32(r.bp));
    if (!c || !c->receiving || c->outgoing.isEmpty() ||
        quint32(r.cx) != quint32(c->outgoing.head().size())) {
        setHbStatus(r, 0);
        return;
    }
    if (checkpointNow(Step::HbIn)) {
        c->receiving = false;
        setHbStatus(r, kStatusCpt);
        return;
    }
    std::memcpy(reinterpret_cast<char *>(quintptr(r.di)), c->outgoing.head().constData(),
                size_t(r.cx));
    c->recvPos = quint32(r.cx);
    setHbStatus(r, kStatusSuccess);
}

} // namespace gk::vmx
