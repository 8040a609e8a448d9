#pragma once

#include "PortIo.h"

#include <memory>

namespace gk::channel::backdoor {

struct CpuidRegs
{
    quint32 eax = 0;
    quint32 ebx = 0;
    quint32 ecx = 0;
    quint32 edx = 0;
};

// The CPUID instruction, behind an interface so detection can be tested.
class CpuId
{
public:
    virtual ~CpuId() = default;
    virtual CpuidRegs query(quint32 leaf) const = 0;
};

// How this VM reaches the backdoor: port I/O, or the hypercall the CPUID
// leaf 0x40000010 prefers (lib/backdoor/backdoor.c BackdoorGetInterface).
enum class BackdoorInterface { IoPort, Vmcall, Vmmcall };

// The real instructions (X86Backdoor.cpp, x86-64 GCC/clang inline assembly).
std::unique_ptr<CpuId> createHardwareCpuId();
// Never call this one outside a VMware VM: the port instruction faults.
std::unique_ptr<PortIo> createHardwarePortIo(BackdoorInterface interface);

} // namespace gk::channel::backdoor
