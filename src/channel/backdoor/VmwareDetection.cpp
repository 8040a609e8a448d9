#include "VmwareDetection.h"

#include "BackdoorDefs.h"

#include <cstring>

namespace gk::channel::backdoor {

HypervisorInfo queryHypervisor(const CpuId &cpu)
{
    HypervisorInfo info;
    info.present = (cpu.query(1).ecx & (1u << 31)) != 0;
    if (!info.present)
        return info;
    const CpuidRegs leaf0 = cpu.query(kCpuidHypervisorLeaf);
    char sig[12];
    std::memcpy(sig, &leaf0.ebx, 4);
    std::memcpy(sig + 4, &leaf0.ecx, 4);
    std::memcpy(sig + 8, &leaf0.edx, 4);
    info.signature = QByteArray(sig, 12);
    info.vmware = info.signature == QByteArrayLiteral("VMwareVMware");
    if (info.vmware && leaf0.eax >= kCpuidVmwFeaturesLeaf) {
        const quint32 features = cpu.query(kCpuidVmwFeaturesLeaf).ecx;
        if (features & kCpuidVmcallBit)
            info.interface = BackdoorInterface::Vmcall;
        else if (features & kCpuidVmmcallBit)
            info.interface = BackdoorInterface::Vmmcall;
    }
    return info;
}

bool backdoorGetVersion(PortIo &io, quint32 *version, QString *error)
{
    BackdoorRegs r;
    r.ax = kMagic;
    r.bx = quint32(~kMagic); // so that an echo of the magic means something
    r.cx = (quint32(0xffff) << 16) | kCmdGetVersion;
    r.dx = kPortLow;
    io.inOut(r);
    if (quint32(r.ax) == 0xffffffffu) {
        if (error)
            *error = QStringLiteral("no backdoor device answers GETVERSION");
        return false;
    }
    if (quint32(r.bx) != kMagic) {
        if (error)
            *error = QStringLiteral("GETVERSION did not echo the backdoor magic");
        return false;
    }
    *version = quint32(r.ax);
    return true;
}

VmwareCheck checkVmware(const CpuId &cpu,
                        const std::function<std::shared_ptr<PortIo>(BackdoorInterface)> &makeIo,
                        std::shared_ptr<PortIo> *io)
{
    VmwareCheck check;
    check.hypervisor = queryHypervisor(cpu);
    if (!check.hypervisor.present) {
        check.reason = QStringLiteral("the CPU reports no hypervisor");
        return check;
    }
    if (!check.hypervisor.vmware) {
        QByteArray printable = check.hypervisor.signature;
        for (char &c : printable) {
            if (uchar(c) < 0x20 || uchar(c) > 0x7e)
                c = '.';
        }
        check.reason = QStringLiteral("the hypervisor is \"%1\", not VMware")
                           .arg(QString::fromLatin1(printable));
        return check;
    }
    std::shared_ptr<PortIo> made = makeIo(check.hypervisor.interface);
    QString why;
    if (!made || !backdoorGetVersion(*made, &check.version, &why)) {
        check.reason = made ? why : QStringLiteral("no backdoor port I/O in this build");
        return check;
    }
    if (check.version != kVersionMagic) {
        check.reason = QStringLiteral("the backdoor reports version %1, not %2")
                           .arg(check.version)
                           .arg(kVersionMagic);
        return check;
    }
    check.ok = true;
    if (io)
        *io = std::move(made);
    return check;
}

QString notVmwareMessage()
{
    return QStringLiteral("not running in a VMware virtual machine; use --channel "
                          "sim:unix:PATH or sim:tcp:HOST:PORT");
}

} // namespace gk::channel::backdoor
