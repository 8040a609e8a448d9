#pragma once

#include "PortIo.h"
#include "X86Backdoor.h"

#include <QString>

#include <functional>
#include <memory>

namespace gk::channel::backdoor {

// What the CPU says about the hypervisor (no port instruction involved).
struct HypervisorInfo
{
    bool present = false; // CPUID.1 ECX bit 31
    QByteArray signature; // the 12 bytes of leaf 0x40000000, if present
    bool vmware = false;  // signature "VMwareVMware"
    BackdoorInterface interface = BackdoorInterface::IoPort;
};

HypervisorInfo queryHypervisor(const CpuId &cpu);

// The backdoor's GETVERSION call with open-vm-tools' checks
// (lib/vmCheck/vmcheck.c): EBX in = ~magic, EAX 0xFFFFFFFF means no backdoor,
// EBX must echo the magic, EAX is the version. Only call it once
// queryHypervisor() has said VMware: outside VMware the port faults.
bool backdoorGetVersion(PortIo &io, quint32 *version, QString *error);

// The whole check as open-vm-tools does it, in order: the hypervisor bit, the
// signature, then GETVERSION through the PortIo made for the interface the
// CPU prefers. `makeIo` is called only when the CPU says VMware.
struct VmwareCheck
{
    bool ok = false;
    QString reason; // why not, when !ok
    HypervisorInfo hypervisor;
    quint32 version = 0;
};
VmwareCheck checkVmware(const CpuId &cpu,
                        const std::function<std::shared_ptr<PortIo>(BackdoorInterface)> &makeIo,
                        std::shared_ptr<PortIo> *io);

// The one sentence both programs print outside VMware.
QString notVmwareMessage();

} // namespace gk::channel::backdoor
