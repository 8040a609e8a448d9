#include "VixRequest.h"

#include "VixEnvelope.h"
#include "WireReader.h"

namespace gk::vix {
namespace {

template <typename T> Decoded<VixRequestBody> widen(Decoded<T> d)
{
    if (!d)
        return d.error();
    return VixRequestBody(std::move(d).value());
}

} // namespace

Decoded<VixRequestBody> decodeVixRequestBody(quint32 opCode, const QByteArray &body)
{
    using namespace VixOp;
    switch (opCode) {
    case StartProgram:
        return widen(StartProgramRequest::decode(body));
    case ListProcessesEx:
        return widen(ListProcessesExRequest::decode(body));
    case KillProcess:
    case TerminateProcess:
        return widen(KillProcessRequest::decode(body));
    case ReadEnvVariables:
        return widen(ReadEnvVariablesRequest::decode(body));
    case RunProgram:
        return widen(RunProgramRequest::decode(body));
    case RunScriptInGuest:
        return widen(RunScriptRequest::decode(body));
    case ReadVariable:
        return widen(ReadVariableRequest::decode(body));
    case WriteVariable:
        return widen(WriteVariableRequest::decode(body));
    case DeleteGuestFile:
    case DeleteGuestFileEx:
    case DeleteGuestRegistryKey:
    case DeleteGuestDirectory:
    case DeleteGuestEmptyDirectory:
    case RegistryKeyExists:
    case GuestFileExists:
    case DirectoryExists:
    case GetFileInfo:
        return widen(SimpleFileRequest::decode(body));
    case ListDirectory:
        return widen(ListDirectoryRequest::decode(body));
    case ListFiles:
        return widen(ListFilesRequest::decode(body));
    case CreateDirectory:
    case CreateDirectoryEx:
        return widen(CreateDirectoryRequest::decode(body, opCode == CreateDirectoryEx));
    case DeleteGuestDirectoryEx:
        return widen(DeleteDirectoryRequest::decode(body));
    case MoveGuestFile:
    case MoveGuestFileEx:
    case MoveGuestDirectory:
        return widen(MoveRequest::decode(body, opCode != MoveGuestFile));
    case SetGuestFileAttributes:
        return widen(SetFileAttributesRequest::decode(body));
    case CreateTemporaryFileEx:
    case CreateTemporaryDirectory:
        return widen(CreateTempFileRequest::decode(body));
    case InitiateFileTransferFromGuest:
        return widen(FileTransferFromGuestRequest::decode(body));
    case InitiateFileTransferToGuest:
        return widen(FileTransferToGuestRequest::decode(body));
    case HgfsSendPacket:
        return widen(HgfsSendPacketRequest::decode(body));
    case ListFileSystems:
        return widen(ListFileSystemsRequest::decode(body));
    case WaitForTools:
        return widen(WaitForToolsRequest::decode(body));
    case AcquireCredentials:
        return widen(AcquireCredentialsRequest::decode(body));
    case ReadRegistry:
    case WriteRegistry:
        return widen(RegistryRequest::decode(body, opCode == WriteRegistry));
    case CreateRegistryKey:
        return widen(CreateRegistryKeyRequest::decode(body));
    case ListRegistryKeys:
    case ListRegistryValues:
        return widen(ListRegistryRequest::decode(body));
    case DeleteRegistryKey:
        return widen(DeleteRegistryKeyRequest::decode(body));
    case SetRegistryValue:
    case DeleteRegistryValue:
        return widen(RegistryValueRequest::decode(body, opCode == SetRegistryValue));
    default:
        return widen(NoBodyRequest::decode(body));
    }
}

QByteArray encodeVixRequestBody(quint32 opCode, const VixRequestBody &body)
{
    using namespace VixOp;
    return std::visit(
        [opCode](const auto &b) -> QByteArray {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, CreateDirectoryRequest>)
                return b.encode(opCode == CreateDirectoryEx);
            else if constexpr (std::is_same_v<T, MoveRequest>)
                return b.encode(opCode != MoveGuestFile);
            else if constexpr (std::is_same_v<T, RegistryRequest>)
                return b.encode(opCode == WriteRegistry);
            else if constexpr (std::is_same_v<T, RegistryValueRequest>)
                return b.encode(opCode == SetRegistryValue);
            else
                return b.encode();
        },
        body);
}

VixBodyCheck vixBodyCheckOrder(quint32 opCode)
{
    using namespace VixOp;
    switch (opCode) {
    case ReadEnvVariables:
    case HgfsSendPacket:
        return VixBodyCheck::FixedPartBeforeAuth;
    case ListProcessesEx:
    case KillProcess:
    case TerminateProcess:
    case CreateTemporaryFileEx:
    case CreateTemporaryDirectory:
    case ListFileSystems:
    case WaitForTools:
    case AcquireCredentials:
        return VixBodyCheck::AfterAuth;
    default:
        return VixBodyCheck::BeforeAuth;
    }
}

bool vixBodyErrorPrecedesAuth(quint32 opCode, const DecodeError &error)
{
    switch (vixBodyCheckOrder(opCode)) {
    case VixBodyCheck::BeforeAuth:
        return true;
    case VixBodyCheck::FixedPartBeforeAuth:
        return error.code != VixErr::InvalidMessageBody && error.code != VixErr::InvalidUtf8String;
    case VixBodyCheck::AfterAuth:
        return false;
    }
    return true;
}

Decoded<VixRequest> decodeVixRequest(const QByteArray &args)
{
    // The message is read where it lies in args: body and credential are
    // copied out below, and a 60 KiB HGFS packet is not copied once more.
    auto envelope = VixEnvelope::decodeInPlace(args);
    if (!envelope)
        return envelope.error();
    auto header = VixRequestHeader::decode(envelope->message);
    if (!header)
        return header.error();
    const VixRequestHeader &h = header.value();
    const QByteArray &message = envelope->message;
    // The header decode proved these ranges lie inside message.
    // The body too is read in place: each request type copies what it keeps.
    const QByteArray body =
        QByteArray::fromRawData(message.constData() + h.headerLength, qsizetype(h.bodyLength));
    QByteArray credential(message.constData() + h.headerLength + h.bodyLength,
                          qsizetype(h.credentialLength));
    auto decodedCredential = VixCredential::decode(h.userCredentialType, credential);
    // Our copy of the (reversibly) obfuscated password goes now; the
    // caller's args buffer (which the message lies in) is the caller's to drop.
    SecretBytes::wipe(credential.data(), size_t(credential.size()));
    return VixRequest{envelope->requestName, h, std::move(decodedCredential),
                      decodeVixRequestBody(h.opCode, body)};
}

bool vixBinaryReplyRequested(const QByteArray &args)
{
    const auto envelope = VixEnvelope::decode(args);
    if (!envelope)
        return false;
    WireReader r(envelope->message);
    const quint32 magic = r.u32();
    const quint16 version = r.u16();
    const quint32 total = r.u32();
    const quint32 headerLength = r.u32();
    const quint64 parts = quint64(headerLength) + r.u32() + r.u32();
    const quint8 flags = r.u8();
    return r.ok() && magic == kVixCommandMagicWord && version == kVixCommandMessageVersion &&
           headerLength >= kVixMsgHeaderSize && total >= parts && total <= kVixMaxMessageSize &&
           (flags & VixCommonFlag::GuestReturnsBinary);
}

} // namespace gk::vix
