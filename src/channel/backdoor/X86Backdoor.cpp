// The only machine code of guestkit: CPUID and the three backdoor calls, as
// x86-64 inline assembly for GCC and clang (Linux, and mingw on Windows).
// Register use from open-vm-tools lib/backdoor/backdoorGcc64.c and
// lib/backdoor/backdoor.c; written here with register constraints instead of
// a saved pointer, and RBP swapped with a register operand (if the compiler
// picks RBP itself the swap is a no-op) so that nothing is pushed into the
// red zone.
#include "X86Backdoor.h"

#include "BackdoorDefs.h"

#if !defined(__x86_64__) || !(defined(__GNUC__) || defined(__clang__))
#error "The VMware backdoor is implemented for x86-64 with GCC or clang only; \
port src/channel/backdoor/X86Backdoor.cpp to this architecture or compiler."
#endif

namespace gk::channel::backdoor {

namespace {

class HardwareCpuId : public CpuId
{
public:
    CpuidRegs query(quint32 leaf) const override
    {
        CpuidRegs r;
        asm volatile("cpuid"
                     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(0));
        return r;
    }
};

class HardwarePortIo : public PortIo
{
public:
    explicit HardwarePortIo(BackdoorInterface interface) : m_interface(interface) {}

    void inOut(BackdoorRegs &r) override
    {
        if (m_interface != BackdoorInterface::IoPort)
            r.dx = (r.dx & ~quint64(0xffff)) | 0; // BDOOR_FLAGS_LB | BDOOR_FLAGS_READ
        quint64 ax = r.ax, bx = r.bx, cx = r.cx, dx = r.dx, si = r.si, di = r.di;
        switch (m_interface) {
        case BackdoorInterface::IoPort:
            asm volatile("inl %%dx, %%eax"
                         : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si), "+D"(di)
                         :
                         : "memory");
            break;
        case BackdoorInterface::Vmcall:
            asm volatile("vmcall"
                         : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si), "+D"(di)
                         :
                         : "memory");
            break;
        case BackdoorInterface::Vmmcall:
            asm volatile("vmmcall"
                         : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si), "+D"(di)
                         :
                         : "memory");
            break;
        }
        r = {ax, bx, cx, dx, si, di, r.bp};
    }

    void hbOut(BackdoorRegs &r) override { highBandwidth(r, true); }
    void hbIn(BackdoorRegs &r) override { highBandwidth(r, false); }

private:
    void highBandwidth(BackdoorRegs &r, bool out)
    {
        if (m_interface != BackdoorInterface::IoPort)
            r.dx = (r.dx & ~quint64(0xffff)) | kFlagsHb | (out ? kFlagsWrite : 0);
        quint64 ax = r.ax, bx = r.bx, cx = r.cx, dx = r.dx, si = r.si, di = r.di;
        quint64 bp = r.bp;
        switch (m_interface) {
        case BackdoorInterface::IoPort:
            if (out) {
                asm volatile("xchgq %[bp], %%rbp\n\tcld\n\trep outsb\n\txchgq %[bp], %%rbp"
                             : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si),
                               "+D"(di), [bp] "+r"(bp)
                             :
                             : "memory", "cc");
            } else {
                asm volatile("xchgq %[bp], %%rbp\n\tcld\n\trep insb\n\txchgq %[bp], %%rbp"
                             : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si),
                               "+D"(di), [bp] "+r"(bp)
                             :
                             : "memory", "cc");
            }
            break;
        case BackdoorInterface::Vmcall:
            asm volatile("xchgq %[bp], %%rbp\n\tvmcall\n\txchgq %[bp], %%rbp"
                         : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si), "+D"(di), [bp] "+r"(bp)
                         :
                         : "memory", "cc");
            break;
        case BackdoorInterface::Vmmcall:
            asm volatile("xchgq %[bp], %%rbp\n\tvmmcall\n\txchgq %[bp], %%rbp"
                         : "+a"(ax), "+b"(bx), "+c"(cx), "+d"(dx), "+S"(si), "+D"(di), [bp] "+r"(bp)
                         :
                         : "memory", "cc");
            break;
        }
        r = {ax, bx, cx, dx, si, di, bp};
    }

    BackdoorInterface m_interface;
};

} // namespace

std::unique_ptr<CpuId> createHardwareCpuId()
{
    return std::make_unique<HardwareCpuId>();
}

std::unique_ptr<PortIo> createHardwarePortIo(BackdoorInterface interface)
{
    return std::make_unique<HardwarePortIo>(interface);
}

} // namespace gk::channel::backdoor
