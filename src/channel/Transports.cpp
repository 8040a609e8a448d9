#include "Transports.h"

#include "BackdoorTransport.h"
#include "SimTransport.h"
#include "backdoor/VmwareDetection.h"
#include "backdoor/X86Backdoor.h"

namespace gk::channel {

namespace {

// The backdoor of this VM, after the detection open-vm-tools does: CPUID
// first, and GETVERSION only on a VMware CPU, so that no port instruction
// runs (and faults) anywhere else.
std::shared_ptr<backdoor::PortIo> hardwareBackdoor(QString *error)
{
    const std::unique_ptr<backdoor::CpuId> cpu = backdoor::createHardwareCpuId();
    std::shared_ptr<backdoor::PortIo> io;
    const backdoor::VmwareCheck check = backdoor::checkVmware(
        *cpu,
        [](backdoor::BackdoorInterface kind) {
            return std::shared_ptr<backdoor::PortIo>(backdoor::createHardwarePortIo(kind));
        },
        &io);
    if (!check.ok) {
        if (error)
            *error = QStringLiteral("%1 (%2)").arg(backdoor::notVmwareMessage(), check.reason);
        return nullptr;
    }
    return io;
}

TransportFactory backdoorFactory(std::shared_ptr<backdoor::PortIo> io, const QString &name)
{
    return [io, name](ChannelRole role) {
        return std::unique_ptr<MessageTransport>(new BackdoorTransport(io, role, name));
    };
}

} // namespace

std::optional<TransportFactory> transportFactoryFor(const ChannelEndpoint &endpoint, QString *error)
{
    if (endpoint.isSim()) {
        return TransportFactory([endpoint](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(new SimTransport(endpoint, role));
        });
    }
    if (endpoint.kind == ChannelEndpoint::Kind::Backdoor ||
        endpoint.kind == ChannelEndpoint::Kind::Auto) {
        std::shared_ptr<backdoor::PortIo> io = hardwareBackdoor(error);
        if (!io)
            return std::nullopt;
        return backdoorFactory(std::move(io), QStringLiteral("backdoor"));
    }
    if (error) {
        *error = QStringLiteral("the %1 channel is not built yet in this version of guestkit; "
                                "use --channel sim:unix:PATH or sim:tcp:HOST:PORT")
                     .arg(endpoint.toString());
    }
    return std::nullopt;
}

} // namespace gk::channel
