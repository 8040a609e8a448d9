#include "VixStateRequests.h"

#include "VixBodyParser.h"
#include "WireWriter.h"

namespace gk::vix {

Decoded<WaitForToolsRequest> WaitForToolsRequest::decode(const QByteArray &body)
{
    WaitForToolsRequest r;
    if (body.isEmpty())
        return r;
    VixBodyParser p(body, kFixedSize, "WaitForTools");
    r.timeoutInSeconds = p.fixed().i32();
    r.minVersion = p.fixed().i32();
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray WaitForToolsRequest::encode() const
{
    WireWriter w;
    w.i32(timeoutInSeconds).i32(minVersion);
    return w.data();
}

Decoded<AcquireCredentialsRequest> AcquireCredentialsRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "AcquireCredentials");
    AcquireCredentialsRequest r;
    r.sessionId = p.fixed().i64();
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray AcquireCredentialsRequest::encode() const
{
    WireWriter w;
    w.i64(sessionId);
    return w.data();
}

} // namespace gk::vix
