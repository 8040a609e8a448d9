#pragma once

#include "VixConstants.h"
#include "VixDecoded.h"

#include <QByteArray>

namespace gk::vix {

// VixMsgHeader + VixCommandRequestHeader (lib/include/vixCommands.h), packed,
// little-endian, 51 bytes:
//   u32 magic, u16 messageVersion, u32 totalMessageLength, u32 headerLength,
//   u32 bodyLength, u32 credentialLength, u8 commonFlags,
//   u32 opCode, u32 requestFlags, u32 timeOut, u64 cookie,
//   u32 clientHandleId, u32 userCredentialType.
// A message is header | body | credential [| VixMsgAuthDataV1], no gaps.
struct VixRequestHeader
{
    quint32 magic = kVixCommandMagicWord;
    quint16 messageVersion = kVixCommandMessageVersion;
    quint32 totalMessageLength = 0;
    quint32 headerLength = kVixRequestHeaderSize;
    quint32 bodyLength = 0;
    quint32 credentialLength = 0;
    quint8 commonFlags = VixCommonFlag::Request;
    quint32 opCode = 0;
    quint32 requestFlags = 0;
    quint32 timeOut = 0xFFFFFFFF; // what VixMsg_AllocRequestMsg sets
    quint64 cookie = 0;
    quint32 clientHandleId = 0;
    quint32 userCredentialType = VixCredentialType::None;

    bool wantsBinaryReply() const { return commonFlags & VixCommonFlag::GuestReturnsBinary; }
    bool wantsEscapedXml() const { return requestFlags & VixRequestFlag::EscapeXmlData; }
    quint32 authDataLength() const
    {
        return (requestFlags & VixRequestFlag::IncludesAuthDataV1) ? kVixAuthDataV1Size : 0;
    }

    // Validates and reads the header at the start of message: the checks of
    // VixMsg_ValidateMessage, VixMsg_ValidateRequestMsg and
    // VMAutomationMsgParserInit (lib/foundryMsg/foundryMsg.c), all answered
    // with VIX_E_INVALID_MESSAGE_HEADER: magic and version, headerLength of
    // exactly 51, the request flag, total = header + body + credential
    // (+ auth data), total within kVixMaxRequestSize and within the bytes
    // present. Bytes after totalMessageLength are tolerated and ignored.
    static Decoded<VixRequestHeader> decode(const QByteArray &message);

    // The 51 header bytes as given (lengths are not recomputed).
    QByteArray encode() const;
};

} // namespace gk::vix
