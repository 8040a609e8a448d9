#pragma once

#include "VixConstants.h"
#include "VixDecoded.h"

#include <QByteArray>

namespace gk::vix {

// The answer to Vix_1_Relayed_Command, as ToolsDaemonTcloReceiveVixCommand
// builds it (services/plugins/vix/foundryToolsDaemon.c). The handler always
// returns TRUE, so the TCLO framing is always "OK " — errors included — and
// the body is:
//   text:   "<error> <additional error> <result>\0"  (the result is a C
//           string: it ends at its first NUL)
//   binary: "<error> <additional error> #<result bytes>"  (no NUL)
// <error> is the 64-bit VixError printed signed (%lld), <additional error>
// the 32-bit OS error printed signed (%d). Binary is used when the request's
// commonFlags has VIX_COMMAND_GUEST_RETURNS_BINARY; a request whose header
// did not validate always gets the text form. A result that would not fit the
// 64 KiB TCLO buffer becomes VIX_E_OUT_OF_MEMORY with an empty result.
struct VixReply
{
    VixError error = VixErr::Ok;
    quint32 additionalError = 0;
    QByteArray result;

    // The reply body (after "OK ").
    static QByteArray encode(VixError error, quint32 additionalError, const QByteArray &result,
                             bool binary);
    QByteArray encode(bool binary) const { return encode(error, additionalError, result, binary); }

    // Host side: parses a reply body (after "OK ").
    static Decoded<VixReply> decode(const QByteArray &body, bool binary);
};

// VixTools_GetAdditionalError (vixTools.c): the registry ops send the extra
// error packed in the VixError's high half, every other op the OS error
// (errno / GetLastError) the handler saw.
quint32 vixAdditionalError(quint32 opCode, VixError error, quint32 osError);

} // namespace gk::vix
