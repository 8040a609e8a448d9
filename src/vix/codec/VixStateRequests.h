#pragma once

#include "VixDecoded.h"

#include <QByteArray>

// Bodies of the session and state operations (after the 51-byte header),
// lib/include/vixCommands.h.
namespace gk::vix {

// GetToolsState, ListProcesses (old), CheckUserAccount, LogoutInGuest,
// ValidateCredentials, ReleaseCredentials, CreateTemporaryFile (old),
// CaptureScreen and unknown opcodes: vmtoolsd reads no body, so any bytes
// are accepted and ignored.
struct NoBodyRequest
{
    static Decoded<NoBodyRequest> decode(const QByteArray &) { return NoBodyRequest{}; }
    QByteArray encode() const { return {}; }
};

// VixMsgWaitForToolsRequest: i32 timeoutInSeconds; i32 minVersion. vmtoolsd
// answers VIX_OK without reading it; older VMXs send an empty body, which is
// accepted (both fields 0).
struct WaitForToolsRequest
{
    static constexpr quint32 kFixedSize = 8;
    qint32 timeoutInSeconds = 0;
    qint32 minVersion = 0;

    static Decoded<WaitForToolsRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixCommandAcquireCredentialsRequest: i64 sessionID (SSPI; vmtoolsd answers
// VIX_E_NOT_SUPPORTED off Windows).
struct AcquireCredentialsRequest
{
    static constexpr quint32 kFixedSize = 8;
    qint64 sessionId = 0;

    static Decoded<AcquireCredentialsRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

} // namespace gk::vix
