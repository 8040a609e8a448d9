#pragma once

#include "VixCredential.h"
#include "VixFileRequests.h"
#include "VixHeader.h"
#include "VixProcessRequests.h"
#include "VixRegistryRequests.h"
#include "VixStateRequests.h"
#include "VixTransferRequests.h"

#include <variant>

namespace gk::vix {

// Every body the guest decodes; which one an opcode uses is fixed by
// decodeVixRequestBody.
using VixRequestBody =
    std::variant<NoBodyRequest, StartProgramRequest, ListProcessesExRequest, KillProcessRequest,
                 ReadEnvVariablesRequest, RunProgramRequest, RunScriptRequest, ReadVariableRequest,
                 WriteVariableRequest, SimpleFileRequest, ListDirectoryRequest, ListFilesRequest,
                 CreateDirectoryRequest, DeleteDirectoryRequest, MoveRequest,
                 SetFileAttributesRequest, CreateTempFileRequest, FileTransferFromGuestRequest,
                 FileTransferToGuestRequest, HgfsSendPacketRequest, ListFileSystemsRequest,
                 WaitForToolsRequest, AcquireCredentialsRequest, RegistryRequest,
                 CreateRegistryKeyRequest, ListRegistryRequest, DeleteRegistryKeyRequest,
                 RegistryValueRequest>;

// The body of opCode, decoded with that opcode's layout. Opcodes without a
// body vmtoolsd reads (and unknown ones) give NoBodyRequest.
Decoded<VixRequestBody> decodeVixRequestBody(quint32 opCode, const QByteArray &body);
// Host side: the body bytes for opCode (the opcode picks old or Ex layouts).
QByteArray encodeVixRequestBody(quint32 opCode, const VixRequestBody &body);

// When vmtoolsd looks at the body relative to authenticating the user, which
// decides which error a request with both a bad body and bad credentials
// gets (services/plugins/vix/vixTools.c):
//  BeforeAuth: every body error comes first.
//  FixedPartBeforeAuth: INVALID_MESSAGE_HEADER and other fixed-part errors
//    come first; INVALID_MESSAGE_BODY / INVALID_UTF8_STRING only after a
//    successful login (ReadEnvVariables, HgfsSendPacket).
//  AfterAuth: the body is read only after a successful login.
enum class VixBodyCheck { BeforeAuth, FixedPartBeforeAuth, AfterAuth };
VixBodyCheck vixBodyCheckOrder(quint32 opCode);
// Whether a body error is reported before authentication for opCode.
bool vixBodyErrorPrecedesAuth(quint32 opCode, const DecodeError &error);

// One Vix_1_Relayed_Command, fully decoded. The header is valid (else the
// whole decode failed); credential and body are decoded independently so the
// server can report their errors in vmtoolsd's order.
struct VixRequest
{
    QByteArray requestName;
    VixRequestHeader header; // bodyLength: the raw body's size
    Decoded<VixCredential> credential;
    Decoded<VixRequestBody> decodedBody;
};

// args: the bytes after "Vix_1_Relayed_Command ". Envelope or header errors
// fail the decode (VIX_E_INVALID_MESSAGE_HEADER: the reply then uses the text
// form, as vmtoolsd has no request to look at).
Decoded<VixRequest> decodeVixRequest(const QByteArray &args);

// Whether the reply to args uses the binary form even when decodeVixRequest
// refused it: vmtoolsd honours VIX_COMMAND_GUEST_RETURNS_BINARY as soon as
// the message passes VixMsg_ValidateMessage (magic, version, headerLength >=
// 23, total >= parts, total <= 16 MiB), before the stricter request checks.
bool vixBinaryReplyRequested(const QByteArray &args);

} // namespace gk::vix
