// GuestRPC over vsock on Windows needs the VMCI socket provider of VMware's
// driver (its address family is read from the vsock device at run time);
// not supported yet: the channel falls back to the backdoor (docs/transports.md).
#include "platform/Vsock.h"

namespace gk::platform {

std::optional<VsockConnection> connectVsock(quint32, quint32, bool, int, QString *error)
{
    if (error)
        *error = QStringLiteral("vsock is not supported on Windows by this version of guestkit");
    return std::nullopt;
}

void closeVsock(qintptr) {}

} // namespace gk::platform
