#pragma once

#include "VixDecoded.h"

#include <QByteArray>

namespace gk::vix {

// The arguments of the TCLO command Vix_1_Relayed_Command: a quoted request
// name, anything up to a NUL, then the binary VIX message
// (services/plugins/vix/foundryToolsDaemon.c, ToolsDaemonTcloReceiveVixCommand
// and ToolsDaemonTcloGetQuotedString):
//   "<request name>"\0<VixCommandRequestHeader><body><credential>
// The name is echoed back by the VMX to match replies; vmtoolsd keeps it as
// the text between the quotes, backslash escapes left as they are.
struct VixEnvelope
{
    QByteArray requestName;
    QByteArray message; // everything after the NUL

    // args: the bytes after "Vix_1_Relayed_Command " (the dispatcher's args).
    // No NUL (hence no message) or an over-long name is
    // VIX_E_INVALID_MESSAGE_HEADER.
    static Decoded<VixEnvelope> decode(const QByteArray &args);
    // The same, but `message` refers to the bytes inside args instead of
    // copying them (QByteArray::fromRawData): valid only while args lives
    // unchanged. For a decoder that copies out what it keeps.
    static Decoded<VixEnvelope> decodeInPlace(const QByteArray &args);

    // "\"name\"\0message", the form the VMX sends.
    QByteArray encode() const;
    // The whole TCLO command: "Vix_1_Relayed_Command " + encode().
    QByteArray encodeCommand() const;

private:
    QByteArray encodeAfter(const QByteArray &prefix) const;
};

} // namespace gk::vix
