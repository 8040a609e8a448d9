// AF_VSOCK connections for GuestRPC (platform/Vsock.h), following
// open-vm-tools lib/rpcChannel/simpleSocket.c: a privileged source port from
// 1023 down, the next one on EADDRINUSE or ECONNRESET, the same one again on
// EINTR, and an unprivileged connection when binding is not allowed.
#include "platform/Vsock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/vm_sockets.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace gk::platform {

namespace {

constexpr unsigned kPrivilegedPortMax = 1023;
constexpr unsigned kPrivilegedPortMin = 1;

enum class Step { Socket, Bind, Connect };

// One attempt from one source port; -1 with the failing step and errno.
int tryConnect(quint32 cid, quint32 port, unsigned localPort, int timeoutMs, Step *failed, int *err)
{
    const int fd = ::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *failed = Step::Socket;
        *err = errno;
        return -1;
    }
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(fd, AF_VSOCK, SO_VM_SOCKETS_CONNECT_TIMEOUT, &tv, sizeof tv);
    sockaddr_vm local{};
    local.svm_family = AF_VSOCK;
    local.svm_cid = VMADDR_CID_ANY;
    local.svm_port = localPort;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&local), sizeof local) != 0) {
        *failed = Step::Bind;
        *err = errno;
        ::close(fd);
        return -1;
    }
    sockaddr_vm remote{};
    remote.svm_family = AF_VSOCK;
    remote.svm_cid = cid;
    remote.svm_port = port;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&remote), sizeof remote) != 0) {
        *failed = Step::Connect;
        *err = errno;
        ::close(fd);
        return -1;
    }
    // Qt's socket notifiers want it non-blocking from here on.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

std::optional<VsockConnection> fail(QString *error, Step step, int err, quint32 cid, quint32 port)
{
    if (error) {
        const char *what = step == Step::Socket ? "socket"
                           : step == Step::Bind ? "bind"
                                                : "connect";
        *error = QStringLiteral("vsock %1 to %2:%3 failed: %4")
                     .arg(QLatin1String(what))
                     .arg(cid)
                     .arg(port)
                     .arg(QString::fromLocal8Bit(std::strerror(err)));
    }
    return std::nullopt;
}

} // namespace

std::optional<VsockConnection> connectVsock(quint32 cid, quint32 port, bool privileged,
                                            int timeoutMs, QString *error)
{
    Step failed = Step::Socket;
    int err = 0;
    if (privileged) {
        unsigned localPort = kPrivilegedPortMax;
        while (localPort >= kPrivilegedPortMin) {
            const int fd = tryConnect(cid, port, localPort, timeoutMs, &failed, &err);
            if (fd >= 0)
                return VsockConnection{fd, true};
            if ((failed == Step::Bind && err == EADDRINUSE) ||
                (failed == Step::Connect && err == ECONNRESET)) {
                --localPort;
                continue;
            }
            if (failed == Step::Connect && err == EINTR)
                continue;
            break;
        }
        // Not root: an unprivileged connection, for unprivileged requests.
        if (!(failed == Step::Bind && (err == EACCES || err == EPERM)))
            return fail(error, failed, err, cid, port);
    }
    const int fd = tryConnect(cid, port, VMADDR_PORT_ANY, timeoutMs, &failed, &err);
    if (fd >= 0)
        return VsockConnection{fd, false};
    return fail(error, failed, err, cid, port);
}

void closeVsock(qintptr descriptor)
{
    if (descriptor >= 0)
        ::close(int(descriptor));
}

} // namespace gk::platform
