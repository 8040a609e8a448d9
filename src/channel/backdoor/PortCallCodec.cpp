#include "PortCallCodec.h"

#include <QtEndian>

namespace gk::channel::backdoor {

namespace {

constexpr qsizetype kRegsSize = 7 * 8;

void putRegs(QByteArray &out, const BackdoorRegs &r)
{
    for (quint64 v : {r.ax, r.bx, r.cx, r.dx, r.si, r.di, r.bp}) {
        char b[8];
        qToLittleEndian<quint64>(v, b);
        out.append(b, 8);
    }
}

BackdoorRegs getRegs(const char *p)
{
    BackdoorRegs r;
    quint64 *fields[] = {&r.ax, &r.bx, &r.cx, &r.dx, &r.si, &r.di, &r.bp};
    for (int i = 0; i < 7; ++i)
        *fields[i] = qFromLittleEndian<quint64>(p + 8 * i);
    return r;
}

} // namespace

QByteArray encodePortCall(const PortCall &call)
{
    QByteArray out;
    out.reserve(1 + kRegsSize + call.data.size());
    out.append(char(call.kind));
    putRegs(out, call.regs);
    out.append(call.data);
    return out;
}

std::optional<PortCall> decodePortCall(const QByteArray &frame)
{
    if (frame.size() < 1 + kRegsSize || quint8(frame[0]) > quint8(PortCallKind::HbIn))
        return std::nullopt;
    PortCall call;
    call.kind = PortCallKind(quint8(frame[0]));
    call.regs = getRegs(frame.constData() + 1);
    call.data = frame.mid(1 + kRegsSize);
    // Only a high-bandwidth send carries data, exactly RCX bytes of it.
    const qsizetype expected =
        call.kind == PortCallKind::HbOut ? qsizetype(quint32(call.regs.cx)) : 0;
    if (call.data.size() != expected)
        return std::nullopt;
    return call;
}

QByteArray encodePortReply(const BackdoorRegs &regs, const QByteArray &data)
{
    QByteArray out;
    out.reserve(kRegsSize + data.size());
    putRegs(out, regs);
    out.append(data);
    return out;
}

std::optional<PortCall> decodePortReply(const QByteArray &frame, qsizetype expectData)
{
    if (frame.size() < kRegsSize)
        return std::nullopt;
    PortCall reply;
    reply.regs = getRegs(frame.constData());
    reply.data = frame.mid(kRegsSize);
    if (!reply.data.isEmpty() && reply.data.size() != expectData)
        return std::nullopt;
    return reply;
}

} // namespace gk::channel::backdoor
