#pragma once

#include <QtGlobal>

namespace gk::channel::backdoor {

// The registers of one backdoor call, as the guest loads them before the
// instruction and finds them after it (lib/include/backdoor_types.h).
struct BackdoorRegs
{
    quint64 ax = 0;
    quint64 bx = 0;
    quint64 cx = 0;
    quint64 dx = 0;
    quint64 si = 0;
    quint64 di = 0;
    quint64 bp = 0; // high bandwidth only

    quint16 cxHigh() const { return quint16(quint32(cx) >> 16); }
    quint16 dxHigh() const { return quint16(quint32(dx) >> 16); }
    quint16 bxHigh() const { return quint16(quint32(bx) >> 16); }
};

// The only thing that touches the hypervisor: three register-level calls.
// The callers fill in the I/O-port form (EAX magic, DX low half the port);
// an implementation that uses vmcall/vmmcall translates the port to flags.
// Everything above this interface is portable; tests put an emulator here.
class PortIo
{
public:
    virtual ~PortIo() = default;
    // `in eax, dx` on the low-bandwidth port.
    virtual void inOut(BackdoorRegs &regs) = 0;
    // `rep outsb` on the high-bandwidth port: RCX bytes from the address in RSI.
    virtual void hbOut(BackdoorRegs &regs) = 0;
    // `rep insb` on the high-bandwidth port: RCX bytes to the address in RDI.
    virtual void hbIn(BackdoorRegs &regs) = 0;
};

} // namespace gk::channel::backdoor
