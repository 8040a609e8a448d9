#include "HttpRoundTrip.h"

#include "BuiltinPrograms.h"

#include <QTcpSocket>
#include <QUrl>

namespace gk::vix::server {

namespace {

constexpr int kSliceMs = 200;
constexpr int kConnectTimeoutMs = 10 * 1000;
// A server silent for this long ends the exchange.
constexpr int kIdleTimeoutMs = 60 * 1000;

int fail(BuiltinIo &io, const QString &why)
{
    io.writeError(why.toUtf8() + '\n');
    return 1;
}

} // namespace

int httpRoundTrip(BuiltinIo &io)
{
    const QString target = io.arguments().trimmed();
    // "host:port" as a URL authority: QUrl splits it, IPv6 brackets included.
    const QUrl url(QStringLiteral("http://") + target);
    if (target.isEmpty() || !url.isValid() || url.host().isEmpty() || !url.path().isEmpty() ||
        !url.userInfo().isEmpty())
        return fail(io, QStringLiteral("http.RoundTrip: '%1' is not host[:port]").arg(target));
    const quint16 port = quint16(url.port(80));

    QTcpSocket socket;
    socket.connectToHost(url.host(), port);
    for (int waited = 0; !socket.waitForConnected(kSliceMs); waited += kSliceMs) {
        if (io.cancelled())
            return 1;
        if (socket.state() == QAbstractSocket::UnconnectedState || waited >= kConnectTimeoutMs)
            return fail(io, QStringLiteral("http.RoundTrip: cannot connect to %1:%2: %3")
                                .arg(url.host())
                                .arg(port)
                                .arg(socket.errorString()));
    }
    // The request: everything written to stdin, until it is closed.
    while (true) {
        bool timedOut = false;
        const QByteArray data = io.read(64 * 1024, kSliceMs, &timedOut);
        if (io.cancelled())
            return 1;
        if (timedOut)
            continue;
        if (data.isEmpty())
            break;
        if (socket.write(data) != data.size())
            return fail(io, QStringLiteral("http.RoundTrip: %1").arg(socket.errorString()));
        while (socket.bytesToWrite() > 0)
            if (!socket.waitForBytesWritten(kSliceMs) &&
                (io.cancelled() || socket.state() != QAbstractSocket::ConnectedState))
                break;
    }
    // The response, streamed as it comes, until the server closes.
    int idle = 0;
    while (true) {
        if (socket.bytesAvailable() > 0) {
            idle = 0;
            if (!io.write(socket.readAll()))
                return 1;
            continue;
        }
        if (socket.state() != QAbstractSocket::ConnectedState)
            break;
        if (io.cancelled())
            return 1;
        if (!socket.waitForReadyRead(kSliceMs)) {
            idle += kSliceMs;
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
                break;
            if (idle >= kIdleTimeoutMs)
                return fail(io, QStringLiteral("http.RoundTrip: no answer from %1 for %2 s")
                                    .arg(target)
                                    .arg(kIdleTimeoutMs / 1000));
        }
    }
    return 0;
}

} // namespace gk::vix::server
