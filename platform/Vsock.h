#pragma once

#include <QString>

#include <optional>

namespace gk::platform {

// A stream socket to a VM socket (AF_VSOCK) port: what GuestRPC over vsock
// needs of the OS (implemented by the backend; Windows: not supported yet).
struct VsockConnection
{
    qintptr descriptor = -1; // connected, non-blocking, close-on-exec
    bool privileged = false; // bound to a source port below 1024
};

// The hypervisor's context id (VMCI_HYPERVISOR_CONTEXT_ID).
inline constexpr quint32 kVsockHypervisorCid = 0;

// Connects to cid:port. With `privileged`, binds a source port from 1023
// down first (skipping ports in use), and when that is not allowed (not
// root) connects from any port instead, as vmtoolsd does
// (lib/rpcChannel/simpleSocket.c, vsockChannel.c). The connect waits at
// most timeoutMs.
std::optional<VsockConnection> connectVsock(quint32 cid, quint32 port, bool privileged,
                                            int timeoutMs, QString *error);

// Closes a descriptor connectVsock() returned that nobody took over.
void closeVsock(qintptr descriptor);

} // namespace gk::platform
