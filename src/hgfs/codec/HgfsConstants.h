#pragma once

// HGFS wire constants. Values come from open-vm-tools lib/include/hgfsProto.h
// (ops, flags, masks, struct-level constants) and lib/include/hgfs.h (status
// codes, file types, open modes, packet limits); govmomi toolbox/hgfs/protocol.go
// repeats the subset a VMX uses for guest-operation file transfers.

#include <QtGlobal>

namespace gk::hgfs {

// hgfsProto.h HgfsOp. Sent as a 32-bit value; unknown values stay raw quint32.
enum class HgfsOp : quint32 {
    Open = 0,
    Read,
    Write,
    Close,
    SearchOpen,
    SearchRead,
    SearchClose,
    Getattr,
    Setattr,
    CreateDir,
    DeleteFile,
    DeleteDir,
    Rename,
    QueryVolumeInfo,
    OpenV2, // 14: version 2 ops
    GetattrV2,
    SetattrV2,
    SearchReadV2,
    CreateSymlink,
    ServerLockChange,
    CreateDirV2,
    DeleteFileV2,
    DeleteDirV2,
    RenameV2,
    OpenV3, // 24: version 3 ops, no header inside the request struct
    ReadV3,
    WriteV3,
    CloseV3,
    SearchOpenV3,
    SearchReadV3,
    SearchCloseV3,
    GetattrV3,
    SetattrV3,
    CreateDirV3,
    DeleteFileV3,
    DeleteDirV3,
    RenameV3,
    QueryVolumeInfoV3,
    CreateSymlinkV3,
    ServerLockChangeV3,
    WriteWin32StreamV3,
    CreateSessionV4, // 41: version 4 ops, only behind the new HgfsHeader
    DestroySessionV4,
    ReadFastV4,
    WriteFastV4,
    SetWatchV4,
    RemoveWatchV4,
    NotifyV4,
    SearchReadV4,
    OpenV4,
    EnumerateStreamsV4,
    GetattrV4,
    SetattrV4,
    DeleteV4,
    LinkmoveV4,
    FsctlV4,
    AccessCheckV4,
    FsyncV4,
    QueryVolumeInfoV4,
    OplockAcquireV4,
    OplockBreakV4,
    LockByteRangeV4,
    UnlockByteRangeV4,
    QueryEasV4,
    SetEasV4,
    Max,              // 65: one past the last real op
    NewHeader = 0xff, // in the legacy op slot: "this packet starts with HgfsHeader"
};

constexpr quint32 opValue(HgfsOp op)
{
    return static_cast<quint32>(op);
}

// hgfs.h HgfsStatus.
enum class HgfsStatus : quint32 {
    Success = 0,
    NoSuchFileOrDir,
    InvalidHandle,
    OperationNotPermitted,
    FileExists,
    NotDirectory,
    DirNotEmpty,
    ProtocolError,
    AccessDenied,
    InvalidName,
    GenericError,
    SharingViolation,
    NoSpace,
    OperationNotSupported,
    NameTooLong,
    InvalidParameter,
    NotSameDevice,
    StaleSession,
    TooManySessions,
    TransportError,
};

// hgfs.h HgfsFileType.
enum class HgfsFileType : quint32 { Regular = 0, Directory, Symlink };

// hgfs.h HgfsOpenMode (low two bits) and HGFS_OPEN_SEQUENTIAL.
inline constexpr quint32 kOpenModeReadOnly = 0;
inline constexpr quint32 kOpenModeWriteOnly = 1;
inline constexpr quint32 kOpenModeReadWrite = 2;
inline constexpr quint32 kOpenModeAccModes = 3;
inline constexpr quint32 kOpenSequential = 1u << 2;

// hgfsProto.h HgfsOpenFlags: what to do when the file exists / does not.
enum class HgfsOpenFlags : quint32 {
    Open = 0,
    OpenEmpty,
    OpenCreate,
    OpenCreateSafe,
    OpenCreateEmpty
};

// hgfsProto.h HgfsPermissions (one octal digit per class).
inline constexpr quint8 kPermRead = 4;
inline constexpr quint8 kPermWrite = 2;
inline constexpr quint8 kPermExec = 1;

// hgfsProto.h HgfsWriteFlags.
inline constexpr quint8 kWriteAppend = 1;

// hgfsProto.h HgfsLockType.
enum class HgfsLockType : quint32 { None = 0, Opportunistic, Exclusive, Shared, Batch, Lease };

// hgfsProto.h HgfsCaseType and HgfsFileNameV3 flags.
enum class HgfsCaseType : quint32 { Default = 0, Sensitive, Insensitive };
inline constexpr quint32 kFileNameUseFileDesc = 1u << 0;

// hgfsProto.h HgfsOpenValid (OpenV2/V3 mask).
inline constexpr quint64 kOpenValidMode = 1u << 0;
inline constexpr quint64 kOpenValidFlags = 1u << 1;
inline constexpr quint64 kOpenValidSpecialPerms = 1u << 2;
inline constexpr quint64 kOpenValidOwnerPerms = 1u << 3;
inline constexpr quint64 kOpenValidGroupPerms = 1u << 4;
inline constexpr quint64 kOpenValidOtherPerms = 1u << 5;
inline constexpr quint64 kOpenValidFileAttr = 1u << 6;
inline constexpr quint64 kOpenValidAllocationSize = 1u << 7;
inline constexpr quint64 kOpenValidDesiredAccess = 1u << 8;
inline constexpr quint64 kOpenValidShareAccess = 1u << 9;
inline constexpr quint64 kOpenValidServerLock = 1u << 10;
inline constexpr quint64 kOpenValidFileName = 1u << 11;

// hgfsProto.h HgfsReplyOpenFlags.
inline constexpr quint32 kOpenReplyAllocDiskSpace = 1u << 0;
inline constexpr quint32 kOpenReplyLockedFile = 1u << 1;

// hgfsProto.h HgfsAttrValid (HgfsAttrV2.mask).
inline constexpr quint64 kAttrValidType = 1u << 0;
inline constexpr quint64 kAttrValidSize = 1u << 1;
inline constexpr quint64 kAttrValidCreateTime = 1u << 2;
inline constexpr quint64 kAttrValidAccessTime = 1u << 3;
inline constexpr quint64 kAttrValidWriteTime = 1u << 4;
inline constexpr quint64 kAttrValidChangeTime = 1u << 5;
inline constexpr quint64 kAttrValidSpecialPerms = 1u << 6;
inline constexpr quint64 kAttrValidOwnerPerms = 1u << 7;
inline constexpr quint64 kAttrValidGroupPerms = 1u << 8;
inline constexpr quint64 kAttrValidOtherPerms = 1u << 9;
inline constexpr quint64 kAttrValidFlags = 1u << 10;
inline constexpr quint64 kAttrValidAllocationSize = 1u << 11;
inline constexpr quint64 kAttrValidUserId = 1u << 12;
inline constexpr quint64 kAttrValidGroupId = 1u << 13;
inline constexpr quint64 kAttrValidFileId = 1u << 14;
inline constexpr quint64 kAttrValidVolId = 1u << 15;
inline constexpr quint64 kAttrValidNonStaticFileId = 1u << 16;
inline constexpr quint64 kAttrValidEffectivePerms = 1u << 17;
inline constexpr quint64 kAttrValidExtendAttrSize = 1u << 18;
inline constexpr quint64 kAttrValidReparsePoint = 1u << 19;
inline constexpr quint64 kAttrValidShortName = 1u << 20;

// hgfsProto.h HgfsAttrFlags (HgfsAttrV2.flags).
inline constexpr quint64 kAttrHidden = 1u << 0;
inline constexpr quint64 kAttrSystem = 1u << 1;
inline constexpr quint64 kAttrArchive = 1u << 2;
inline constexpr quint64 kAttrHiddenForced = 1u << 3;
inline constexpr quint64 kAttrReparsePoint = 1u << 4;
inline constexpr quint64 kAttrCompressed = 1u << 5;
inline constexpr quint64 kAttrEncrypted = 1u << 6;
inline constexpr quint64 kAttrOffline = 1u << 7;
inline constexpr quint64 kAttrReadOnly = 1u << 8;
inline constexpr quint64 kAttrSparse = 1u << 9;
inline constexpr quint64 kAttrTemporary = 1u << 10;
inline constexpr quint64 kAttrSequentialOnly = 1u << 11;

// hgfsProto.h HgfsAttrHint (Getattr/Setattr V2/V3 hints).
inline constexpr quint64 kAttrHintSetAccessTime = 1u << 0;
inline constexpr quint64 kAttrHintSetWriteTime = 1u << 1;
inline constexpr quint64 kAttrHintUseFileDesc = 1u << 2;

// hgfsProto.h HgfsHeader: version and packet flags.
inline constexpr quint8 kHeaderVersion1 = 1;
inline constexpr quint8 kHeaderVersion = kHeaderVersion1;
inline constexpr quint32 kPacketFlagRequest = 1u << 0;
inline constexpr quint32 kPacketFlagReply = 1u << 1;
inline constexpr quint32 kPacketFlagInfoExtError = 1u << 2;
inline constexpr quint32 kPacketFlagValidFlags = 0x7;

// hgfsProto.h HgfsOpCapFlags.
inline constexpr quint32 kOpCapNotSupported = 0;
inline constexpr quint32 kOpCapIsSupported = 1u << 0;
inline constexpr quint32 kOpCapAsynchronous = 1u << 1;

// hgfsProto.h HgfsSessionFlags and HGFS_INVALID_SESSION_ID / HGFS_INVALID_HANDLE.
inline constexpr quint32 kSessionMaxPacketSizeValid = 1u << 0;
inline constexpr quint32 kSessionChangeNotifyEnabled = 1u << 1;
inline constexpr quint32 kSessionOplockEnabled = 1u << 2;
inline constexpr quint32 kSessionAsyncIoEnabled = 1u << 3;
inline constexpr quint64 kInvalidSessionId = ~quint64(0);
inline constexpr quint32 kInvalidHandle = ~quint32(0);

// hgfs.h packet limits.
inline constexpr quint32 kPageSize = 4096;      // HGFS_PAGE_SIZE
inline constexpr quint32 kHeaderSizeMax = 2048; // HGFS_HEADER_SIZE_MAX
inline constexpr quint32 kPacketMax = 6144;     // HGFS_PACKET_MAX: non-read replies, legacy header
inline constexpr quint32 kLargeIoMax = kPageSize * 127; // HGFS_LARGE_IO_MAX
inline constexpr quint32 kLargePacketMax =
    kLargeIoMax + kHeaderSizeMax; // HGFS_LARGE_PACKET_MAX 0x7F800
// HGFS_LEGACY_LARGE_PACKET_MAX (0xF800, 62 KiB): hgfs.h says hgFileCopy (vmrun
// CopyFile*ToGuest/FromGuest) uses it; govmomi advertises it as its session
// maxPacketSize, so it is the packet size a VMX transfer works with.
inline constexpr quint32 kLegacyLargeIoMax = kPageSize * 15;
inline constexpr quint32 kLegacyLargePacketMax = kLegacyLargeIoMax + kHeaderSizeMax;

// Share name the guest-side policy exports the whole file system under
// (hgfsServerPolicy.h HGFS_SERVER_POLICY_ROOT_SHARE_NAME; govmomi server.go).
inline constexpr char kRootShareName[] = "root";

} // namespace gk::hgfs
