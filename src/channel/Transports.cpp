#include "Transports.h"

#include "BackdoorTransport.h"
#include "FallbackTransport.h"
#include "SimTransport.h"
#include "VsockTransport.h"
#include "backdoor/ForwardingPortIo.h"
#include "backdoor/VmwareDetection.h"
#include "backdoor/X86Backdoor.h"
#include "platform/Vsock.h"

#include <QLocalSocket>

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

// The vsock stream to the hypervisor: RPCI from a privileged source port
// when allowed (vsockChannel.c), TCLO from any.
QIODevice *openVsock(ChannelRole role, QObject *parent, QString *error)
{
    const bool rpci = role == ChannelRole::Rpci;
    const std::optional<platform::VsockConnection> c = platform::connectVsock(
        platform::kVsockHypervisorCid, rpci ? VsockTransport::kRpciPort : VsockTransport::kTcloPort,
        rpci, 1000, error);
    if (!c)
        return nullptr;
    // Qt's local socket takes any connected stream descriptor.
    auto *socket = new QLocalSocket(parent);
    if (!socket->setSocketDescriptor(c->descriptor)) {
        if (error)
            *error = QStringLiteral("vsock descriptor not usable: %1").arg(socket->errorString());
        delete socket;
        platform::closeVsock(c->descriptor);
        return nullptr;
    }
    return socket;
}

TransportFactory vsockFactory()
{
    return [](ChannelRole role) {
        return std::unique_ptr<MessageTransport>(new VsockTransport(&openVsock, role));
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
    if (endpoint.kind == ChannelEndpoint::Kind::SimBackdoor) {
        // The backdoor protocol without a VM: each call goes to the simulator.
        return backdoorFactory(std::make_shared<backdoor::ForwardingPortIo>(endpoint.path),
                               endpoint.toString());
    }
    if (endpoint.kind == ChannelEndpoint::Kind::Vsock) {
        // vsock needs no port instruction, but only VMware listens on 975/976.
        const backdoor::HypervisorInfo hv =
            backdoor::queryHypervisor(*backdoor::createHardwareCpuId());
        if (!hv.vmware) {
            if (error)
                *error = backdoor::notVmwareMessage();
            return std::nullopt;
        }
        return vsockFactory();
    }
    if (endpoint.kind == ChannelEndpoint::Kind::Backdoor ||
        endpoint.kind == ChannelEndpoint::Kind::Auto) {
        std::shared_ptr<backdoor::PortIo> io = hardwareBackdoor(error);
        if (!io)
            return std::nullopt;
        TransportFactory viaBackdoor = backdoorFactory(std::move(io), QStringLiteral("backdoor"));
        if (endpoint.kind == ChannelEndpoint::Kind::Backdoor)
            return viaBackdoor;
        // auto: vsock if the hypervisor takes the connection, else the backdoor
        // (vmtoolsd); RPCI backs off from a vsock that keeps failing.
        auto rpciRetry = std::make_shared<VsockRetry>();
        return TransportFactory([viaBackdoor, rpciRetry](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(
                new FallbackTransport(vsockFactory(), viaBackdoor, role,
                                      role == ChannelRole::Rpci ? rpciRetry : nullptr));
        });
    }
    if (error) {
        *error = QStringLiteral("the %1 channel is not supported by this build of guestkit; "
                                "use --channel sim:unix:PATH or sim:tcp:HOST:PORT")
                     .arg(endpoint.toString());
    }
    return std::nullopt;
}

} // namespace gk::channel
