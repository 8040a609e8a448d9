#pragma once

#include <QtGlobal>

// Wire constants of the VIX guest-operations protocol. Values come from
// open-vm-tools: lib/include/vixCommands.h (opcodes, flags, credential types,
// limits), lib/include/vix.h and vixOpenSource.h (errors, properties, file
// attributes), lib/include/guest_os.h (OS families).
namespace gk::vix {

// A VixError is 64 bits: the low 16 bits are the code, the high 32 may carry
// an OS error (vixOpenSource.h, VixErrorFields). vmtoolsd prints it with %lld.
using VixError = quint64;

inline constexpr quint32 kVixCommandMagicWord = 0xd00d0001;
inline constexpr quint16 kVixCommandMessageVersion = 5;

// Fixed sizes of the packed (pragma pack 1) headers in vixCommands.h.
inline constexpr quint32 kVixMsgHeaderSize = 23;     // VixMsgHeader
inline constexpr quint32 kVixRequestHeaderSize = 51; // VixCommandRequestHeader
inline constexpr quint32 kVixAuthDataV1Size = 44;    // VixMsgAuthDataV1

// Caps. VIX_COMMAND_MAX_REQUEST_SIZE is the protocol's own bound on a request
// (vixCommands.h) and a TCLO message cannot exceed 64 KiB anyway
// (GUESTMSG_MAX_IN_SIZE, lib/include/guest_msg_def.h); VIX_COMMAND_MAX_SIZE
// bounds any message and is what VixMsg_ValidateMessage checks first.
inline constexpr quint32 kVixMaxMessageSize = 16 * 1024 * 1024;
inline constexpr quint32 kVixMaxRequestSize = 65536;
// A TCLO reply buffer is GUESTMSG_MAX_IN_SIZE; ToolsDaemonTcloReceiveVixCommand
// keeps room for the "<error> <additional> " prefix, computed in C with
// sizeof(' ') == sizeof(int): 20 * 2 + 4 * 2 + 4 + 4 * 10 = 92 bytes.
inline constexpr qsizetype kVixTcloBufferSize = 64 * 1024;
inline constexpr qsizetype kVixReplyPrefixReserve = 92;
inline constexpr qsizetype kVixMaxResultSize = kVixTcloBufferSize - kVixReplyPrefixReserve;
// The request name is a VMX-generated token (a number in practice); bounding
// it keeps a hostile envelope from filling logs.
inline constexpr qsizetype kVixMaxRequestNameLength = 1024;

// TCLO command names (vixCommands.h VIX_BACKDOORCOMMAND_*).
inline constexpr char kVixRelayedCommand[] = "Vix_1_Relayed_Command";

// VixMsgHeader.commonFlags (VixCommonCommandOptionValues).
namespace VixCommonFlag {
inline constexpr quint8 Request = 0x01;
inline constexpr quint8 ReportEvent = 0x02;
inline constexpr quint8 ForwardToGuest = 0x04;
inline constexpr quint8 GuestReturnsString = 0x08;
inline constexpr quint8 GuestReturnsIntegerString = 0x10;
inline constexpr quint8 GuestReturnsPropertyList = 0x40;
inline constexpr quint8 GuestReturnsBinary = 0x80;
} // namespace VixCommonFlag

// VixCommandRequestHeader.requestFlags.
namespace VixRequestFlag {
inline constexpr quint32 OnlyReloadNetworks = 0x001;
inline constexpr quint32 ReturnOnInitiatingToolsUpgrade = 0x002;
inline constexpr quint32 RunInAnyVmxState = 0x004;
inline constexpr quint32 RequiresInteractiveEnvironment = 0x008;
inline constexpr quint32 IncludesAuthDataV1 = 0x010;
inline constexpr quint32 RequiresVmdbNotification = 0x020;
inline constexpr quint32 EscapeXmlData = 0x040;
inline constexpr quint32 HasHashedSharedSecret = 0x080;
inline constexpr quint32 VigorCommand = 0x100;
} // namespace VixRequestFlag

// VixCommandRequestHeader.userCredentialType.
namespace VixCredentialType {
inline constexpr quint32 None = 0;
inline constexpr quint32 NamePassword = 1;
inline constexpr quint32 Anonymous = 2;
inline constexpr quint32 Root = 3;
inline constexpr quint32 NamePasswordObfuscated = 4;
inline constexpr quint32 ConsoleUser = 5;
inline constexpr quint32 HostConfigSecret = 6;
inline constexpr quint32 HostConfigHashedSecret = 7;
inline constexpr quint32 NamedInteractiveUser = 8;
inline constexpr quint32 TicketedSession = 9;
inline constexpr quint32 Sspi = 10;
inline constexpr quint32 SamlBearerToken = 11;
inline constexpr quint32 SamlBearerTokenHostVerified = 12;
} // namespace VixCredentialType

// Opcodes (VixAsyncOpType); deprecated ids are left out. Those marked [tools]
// are the ones vmtoolsd's VixTools_ProcessVixCommand dispatches
// (services/plugins/vix/vixTools.c); everything else is a VMX-side command.
namespace VixOp {
inline constexpr quint32 VmPowerOn = 0;
inline constexpr quint32 VmPowerOff = 1;
inline constexpr quint32 VmReset = 2;
inline constexpr quint32 VmSuspend = 3;
inline constexpr quint32 RunProgram = 4; // [tools]
inline constexpr quint32 Keystrokes = 7;
inline constexpr quint32 ReadRegistry = 8;   // [tools]
inline constexpr quint32 WriteRegistry = 10; // [tools]
inline constexpr quint32 CopyFileFromGuestToHost = 12;
inline constexpr quint32 CopyFileFromHostToGuest = 13;
inline constexpr quint32 CreateSnapshot = 14;
inline constexpr quint32 RemoveSnapshot = 15;
inline constexpr quint32 RevertToSnapshot = 16;
inline constexpr quint32 VmClone = 17;
inline constexpr quint32 DeleteGuestFile = 18; // [tools]
inline constexpr quint32 GuestFileExists = 19; // [tools]
inline constexpr quint32 FindVm = 20;
inline constexpr quint32 CallProcedure = 21;
inline constexpr quint32 RegistryKeyExists = 22; // [tools]
inline constexpr quint32 Win32WindowMessage = 23;
inline constexpr quint32 ConsolidateSnapshots = 24;
inline constexpr quint32 InstallTools = 25;
inline constexpr quint32 CancelInstallTools = 26;
inline constexpr quint32 UpgradeVirtualHardware = 27;
inline constexpr quint32 SetNicBandwidth = 28;
inline constexpr quint32 ReloadVm = 31;
inline constexpr quint32 DeleteVm = 32;
inline constexpr quint32 WaitForTools = 38; // [tools]
inline constexpr quint32 CreateRunningVmSnapshot = 39;
inline constexpr quint32 ConsolidateRunningVmSnapshot = 40;
inline constexpr quint32 GetNumSharedFolders = 41;
inline constexpr quint32 GetSharedFolderState = 42;
inline constexpr quint32 EditSharedFolderState = 43;
inline constexpr quint32 RemoveSharedFolder = 44;
inline constexpr quint32 AddSharedFolder = 45;
inline constexpr quint32 RunScriptInGuest = 46; // [tools]
inline constexpr quint32 OpenVm = 47;
inline constexpr quint32 GetHandleState = 50;
inline constexpr quint32 CreateWorkingCopy = 55;
inline constexpr quint32 DiscardWorkingCopy = 56;
inline constexpr quint32 SaveWorkingCopy = 57;
inline constexpr quint32 CaptureScreen = 58; // [tools]
inline constexpr quint32 GetToolsState = 62; // [tools]
inline constexpr quint32 ChangeScreenResolution = 69;
inline constexpr quint32 DirectoryExists = 70;           // [tools]
inline constexpr quint32 DeleteGuestRegistryKey = 71;    // [tools]
inline constexpr quint32 DeleteGuestDirectory = 72;      // [tools]
inline constexpr quint32 DeleteGuestEmptyDirectory = 73; // [tools]
inline constexpr quint32 CreateTemporaryFile = 74;       // [tools]
inline constexpr quint32 ListProcesses = 75;             // [tools]
inline constexpr quint32 MoveGuestFile = 76;             // [tools]
inline constexpr quint32 CreateDirectory = 77;           // [tools]
inline constexpr quint32 CheckUserAccount = 78;          // [tools]
inline constexpr quint32 ListDirectory = 79;             // [tools]
inline constexpr quint32 RegisterVm = 80;
inline constexpr quint32 UnregisterVm = 81;
inline constexpr quint32 CreateSessionKey = 83;
inline constexpr quint32 HgfsSendPacket = 84; // VMXI_HGFS_SEND_PACKET_COMMAND [tools]
inline constexpr quint32 KillProcess = 85;    // [tools]
inline constexpr quint32 LogoutInGuest = 87;  // [tools]
inline constexpr quint32 ReadVariable = 88;   // [tools]
inline constexpr quint32 WriteVariable = 89;  // [tools]
inline constexpr quint32 ConnectDevice = 92;
inline constexpr quint32 IsDeviceConnected = 93;
inline constexpr quint32 GetFileInfo = 94; // [tools]
inline constexpr quint32 SetFileInfo = 95;
inline constexpr quint32 MouseEvents = 96;
inline constexpr quint32 OpenTeam = 97;
inline constexpr quint32 AnswerMessage = 99;
inline constexpr quint32 EnableSharedFolders = 100;
inline constexpr quint32 MountHgfsFolders = 101;
inline constexpr quint32 HotExtendDisk = 102;
inline constexpr quint32 ConnectHost = 110;
inline constexpr quint32 CreateLinkedClone = 112;
inline constexpr quint32 SampleCommand = 115;
inline constexpr quint32 GetGuestNetworkingConfig = 116; // [tools]
inline constexpr quint32 SetGuestNetworkingConfig = 117; // [tools]
inline constexpr quint32 VmPause = 122;
inline constexpr quint32 VmUnpause = 123;
inline constexpr quint32 GetPerformanceData = 128;
inline constexpr quint32 GetSnapshotScreenshot = 130;
inline constexpr quint32 WaitForUserActionInGuest = 132;
inline constexpr quint32 ChangeVirtualHardware = 135;
inline constexpr quint32 HotPlugCpu = 136;
inline constexpr quint32 HotPlugMemory = 137;
inline constexpr quint32 HotAddDevice = 138;
inline constexpr quint32 HotRemoveDevice = 139;
inline constexpr quint32 GetVmxDeviceState = 151;
inline constexpr quint32 SetSnapshotInfo = 155;
inline constexpr quint32 SnapshotSetMru = 156;
inline constexpr quint32 LogoutHost = 157;
inline constexpr quint32 HotPlugBeginBatch = 158;
inline constexpr quint32 HotPlugCommitBatch = 159;
inline constexpr quint32 TransferConnection = 160;
inline constexpr quint32 TransferRequest = 161;
inline constexpr quint32 TransferFinalData = 162;
inline constexpr quint32 ListFileSystems = 169; // [tools]
inline constexpr quint32 ChangeDisplayTopology = 170;
inline constexpr quint32 SuspendAndResume = 171;
inline constexpr quint32 RemoveBulkSnapshot = 172;
inline constexpr quint32 CopyFileFromReaderToGuest = 173;
inline constexpr quint32 GenerateNonce = 174;
inline constexpr quint32 ChangeDisplayTopologyModes = 175;
inline constexpr quint32 QueryChildren = 176;
inline constexpr quint32 ListFiles = 177;                // [tools]
inline constexpr quint32 CreateDirectoryEx = 178;        // [tools]
inline constexpr quint32 MoveGuestFileEx = 179;          // [tools]
inline constexpr quint32 MoveGuestDirectory = 180;       // [tools]
inline constexpr quint32 CreateTemporaryFileEx = 181;    // [tools]
inline constexpr quint32 CreateTemporaryDirectory = 182; // [tools]
inline constexpr quint32 SetGuestFileAttributes = 183;   // [tools]
inline constexpr quint32 CopyFileFromGuestToReader = 184;
inline constexpr quint32 StartProgram = 185;                  // [tools]
inline constexpr quint32 ListProcessesEx = 186;               // [tools]
inline constexpr quint32 ReadEnvVariables = 187;              // [tools]
inline constexpr quint32 InitiateFileTransferFromGuest = 188; // [tools]
inline constexpr quint32 InitiateFileTransferToGuest = 189;   // [tools]
inline constexpr quint32 AcquireCredentials = 190;            // [tools]
inline constexpr quint32 ReleaseCredentials = 191;            // [tools]
inline constexpr quint32 ValidateCredentials = 192;           // [tools]
inline constexpr quint32 TerminateProcess = 193;              // [tools]
inline constexpr quint32 DeleteGuestFileEx = 194;             // [tools]
inline constexpr quint32 DeleteGuestDirectoryEx = 195;        // [tools]
inline constexpr quint32 HotChangeMonitorType = 196;
inline constexpr quint32 AddAuthAlias = 197;            // [tools] with VGAuth
inline constexpr quint32 RemoveAuthAlias = 198;         // [tools] with VGAuth
inline constexpr quint32 ListAuthProviderAliases = 199; // [tools] with VGAuth
inline constexpr quint32 ListAuthMappedAliases = 200;   // [tools] with VGAuth
inline constexpr quint32 CreateRegistryKey = 201;       // [tools]
inline constexpr quint32 ListRegistryKeys = 202;        // [tools]
inline constexpr quint32 DeleteRegistryKey = 203;       // [tools]
inline constexpr quint32 SetRegistryValue = 204;        // [tools]
inline constexpr quint32 ListRegistryValues = 205;      // [tools]
inline constexpr quint32 DeleteRegistryValue = 206;     // [tools]
inline constexpr quint32 RemoveAuthAliasByCert = 207;   // [tools] with VGAuth
inline constexpr quint32 TestUnsupportedToolsOpcode = 998;
inline constexpr quint32 TestUnsupportedVmxOpcode = 999;
} // namespace VixOp

// The symbolic name of an opcode ("VIX_COMMAND_START_PROGRAM"), for logs;
// nullptr for an id not in vixCommands.h.
const char *vixOpName(quint32 opCode);

// Error codes (vix.h VixError enum and vixOpenSource.h additions).
namespace VixErr {
inline constexpr VixError Ok = 0;
inline constexpr VixError Fail = 1;
inline constexpr VixError OutOfMemory = 2;
inline constexpr VixError InvalidArg = 3;
inline constexpr VixError FileNotFound = 4;
inline constexpr VixError ObjectIsBusy = 5;
inline constexpr VixError NotSupported = 6;
inline constexpr VixError FileError = 7;
inline constexpr VixError DiskFull = 8;
inline constexpr VixError IncorrectFileType = 9;
inline constexpr VixError Cancelled = 10;
inline constexpr VixError FileReadOnly = 11;
inline constexpr VixError FileAlreadyExists = 12;
inline constexpr VixError FileAccessError = 13;
inline constexpr VixError RequiresLargeFiles = 14;
inline constexpr VixError FileAlreadyLocked = 15;
inline constexpr VixError FileTooBig = 21;
inline constexpr VixError FileNameInvalid = 22;
inline constexpr VixError AlreadyExists = 23;
inline constexpr VixError BufferTooSmall = 24;
inline constexpr VixError ObjectNotFound = 25;
inline constexpr VixError InvalidUtf8String = 27;
inline constexpr VixError AuthenticationFail = 35;
inline constexpr VixError ArgumentTooBig = 44;
inline constexpr VixError NotFound = 2000;
inline constexpr VixError UnrecognizedCommand = 3001;
inline constexpr VixError OpNotSupportedOnGuest = 3003;
inline constexpr VixError ProgramNotStarted = 3004;
inline constexpr VixError GuestUserPermissions = 3015;
inline constexpr VixError ToolsNotRunning = 3016;
inline constexpr VixError GuestOperationsProhibited = 3017;
inline constexpr VixError AnonGuestOperationsProhibited = 3018;
inline constexpr VixError RootGuestOperationsProhibited = 3019;
inline constexpr VixError CannotAuthenticateWithGuest = 3024;
inline constexpr VixError UnrecognizedCommandInGuest = 3025;
inline constexpr VixError ConsoleGuestOperationsProhibited = 3026;
inline constexpr VixError MustBeConsoleUser = 3027;
inline constexpr VixError OperationNotAllowedForLoginType = 3031;
inline constexpr VixError LoginTypeNotSupported = 3032;
inline constexpr VixError EmptyPasswordNotAllowedInGuest = 3033;
inline constexpr VixError InteractiveSessionNotPresent = 3034;
inline constexpr VixError InteractiveSessionUserMismatch = 3035;
inline constexpr VixError TooManyLogons = 3046;
inline constexpr VixError InvalidAuthenticationSession = 3047;
inline constexpr VixError ViOpNotSupportedOnGuest = 3048;
inline constexpr VixError InvalidLoginCredentials = 3050;
inline constexpr VixError GuestAuthtypeDisabled = 3051;
inline constexpr VixError UnrecognizedProperty = 6000;
inline constexpr VixError InvalidPropertyValue = 6001;
inline constexpr VixError InvalidSerializedData = 6004;
inline constexpr VixError PropertyTypeMismatch = 6005;
inline constexpr VixError InvalidMessageHeader = 10000;
inline constexpr VixError InvalidMessageBody = 10001;
inline constexpr VixError GuestVolumesNotFrozen = 20000;
inline constexpr VixError NotAFile = 20001;
inline constexpr VixError NotADirectory = 20002;
inline constexpr VixError NoSuchProcess = 20003;
inline constexpr VixError FileNameTooLong = 20004;
inline constexpr VixError OperationDisabled = 20005;
inline constexpr VixError DirectoryNotEmpty = 20006;
inline constexpr VixError GuestAuthMultipleMappings = 20007;
inline constexpr VixError RegKeyInvalid = 20008;
inline constexpr VixError RegKeyHasSubkeys = 20009;
inline constexpr VixError RegValueNotFound = 20010;
inline constexpr VixError RegKeyAlreadyExists = 20011;
inline constexpr VixError RegKeyParentVolatile = 20012;
inline constexpr VixError HgfsMountFail = 20050;
inline constexpr VixError RegIncorrectValueType = 25000;
} // namespace VixErr

// The 16-bit code of a VixError (VIX_ERROR_CODE) and its 32-bit extra error
// (VIX_ERROR_EXTRA_ERROR, the high half); vixOpenSource.h.
inline constexpr VixError vixErrorCode(VixError e)
{
    return e & 0xFFFF;
}
inline constexpr quint32 vixExtraError(VixError e)
{
    return quint32(e >> 32);
}
inline constexpr VixError vixErrorWithExtra(VixError code, quint32 extra)
{
    return (VixError(extra) << 32) | code;
}

// VixToolsRewriteError (vixTools.c): the pre-vSphere ops report a failed
// login as VIX_E_GUEST_USER_PERMISSIONS, as old VIX did.
VixError vixRewriteError(quint32 opCode, VixError error);

// Property ids (vix.h, vixOpenSource.h) used by GetToolsState.
namespace VixProperty {
inline constexpr qint32 GuestTempDir = 203; // VIX_PROPERTY_VM_GUEST_TEMP_DIR_PROPERTY
inline constexpr qint32 GuestToolsVersion = 4500;
inline constexpr qint32 GuestToolsApiOptions = 4501;
inline constexpr qint32 GuestOsFamily = 4502;
inline constexpr qint32 GuestOsVersion = 4503;
inline constexpr qint32 GuestOsPackageList = 4504;
inline constexpr qint32 GuestName = 4505;
inline constexpr qint32 GuestPowerOffScript = 4506;
inline constexpr qint32 GuestPowerOnScript = 4507;
inline constexpr qint32 GuestResumeScript = 4508;
inline constexpr qint32 GuestSuspendScript = 4509;
inline constexpr qint32 GuestToolsProductName = 4511; // VIX_PROPERTY_GUEST_TOOLS_PRODUCT_NAM
inline constexpr qint32 GuestToolsWordSize = 4519;
inline constexpr qint32 GuestOsVersionShort = 4520;
inline constexpr qint32 GuestSharedFoldersSharesPath = 4525;
inline constexpr qint32 GuestStartProgramEnabled = 4540;
inline constexpr qint32 GuestListProcessesEnabled = 4541;
inline constexpr qint32 GuestTerminateProcessEnabled = 4542;
inline constexpr qint32 GuestReadEnvironmentVariableEnabled = 4543;
inline constexpr qint32 GuestValidateCredentialsEnabled = 4544;
inline constexpr qint32 GuestAcquireCredentialsEnabled = 4545;
inline constexpr qint32 GuestReleaseCredentialsEnabled = 4546;
inline constexpr qint32 GuestMakeDirectoryEnabled = 4547;
inline constexpr qint32 GuestDeleteFileEnabled = 4548;
inline constexpr qint32 GuestDeleteDirectoryEnabled = 4549;
inline constexpr qint32 GuestMoveDirectoryEnabled = 4550;
inline constexpr qint32 GuestMoveFileEnabled = 4551;
inline constexpr qint32 GuestCreateTempFileEnabled = 4552;
inline constexpr qint32 GuestCreateTempDirectoryEnabled = 4553;
inline constexpr qint32 GuestListFilesEnabled = 4554;
inline constexpr qint32 GuestChangeFileAttributesEnabled = 4555;
inline constexpr qint32 GuestInitiateFileTransferFromGuestEnabled = 4556;
inline constexpr qint32 GuestInitiateFileTransferToGuestEnabled = 4557;
inline constexpr qint32 GuestAddAuthAliasEnabled = 4558;
inline constexpr qint32 GuestRemoveAuthAliasEnabled = 4559;
inline constexpr qint32 GuestListAuthAliasesEnabled = 4560;
inline constexpr qint32 GuestListMappedAliasesEnabled = 4561;
inline constexpr qint32 GuestCreateRegistryKeyEnabled = 4562;
inline constexpr qint32 GuestListRegistryKeysEnabled = 4563;
inline constexpr qint32 GuestDeleteRegistryKeyEnabled = 4564;
inline constexpr qint32 GuestSetRegistryValueEnabled = 4565;
inline constexpr qint32 GuestListRegistryValuesEnabled = 4566;
inline constexpr qint32 GuestDeleteRegistryValueEnabled = 4567;
inline constexpr qint32 GuestRemoveAuthAliasByCertEnabled = 4568;
} // namespace VixProperty

// VixPropertyType (vix.h).
namespace VixPropertyType {
inline constexpr qint32 Integer = 1;
inline constexpr qint32 String = 2;
inline constexpr qint32 Bool = 3;
inline constexpr qint32 Int64 = 5;
inline constexpr qint32 Blob = 6;
} // namespace VixPropertyType

// GUEST_OS_FAMILY_* (lib/include/guest_os.h).
namespace VixGuestOsFamily {
inline constexpr qint32 Linux = 0x0001;
inline constexpr qint32 Windows = 0x0002;
} // namespace VixGuestOsFamily

// VIX_TOOLSFEATURE_SUPPORT_GET_HANDLE_STATE (vixCommands.h).
inline constexpr qint32 kVixToolsFeatureSupportGetHandleState = 0x0001;

// File attributes reported in <ft>/<FileFlags> (vix.h, vixOpenSource.h).
namespace VixFileAttr {
inline constexpr qint32 Directory = 0x0001;
inline constexpr qint32 Symlink = 0x0002;
inline constexpr qint32 Hidden = 0x0004;
inline constexpr qint32 ReadOnly = 0x0008;
} // namespace VixFileAttr

// SetGuestFileAttributes / InitiateFileTransferToGuest options (vixOpenSource.h).
namespace VixFileAttrSet {
inline constexpr qint32 AccessDate = 0x0001;
inline constexpr qint32 ModifyDate = 0x0002;
inline constexpr qint32 ReadOnly = 0x0004;
inline constexpr qint32 Hidden = 0x0008;
inline constexpr qint32 UnixOwnerId = 0x0010;
inline constexpr qint32 UnixGroupId = 0x0020;
inline constexpr qint32 UnixPermissions = 0x0040;
} // namespace VixFileAttrSet

// VixMsgListDirectoryRequest.fileOptions (vixCommands.h).
inline constexpr qint32 kVixListDirectoryUseOffset = 0x01;

// RunProgram options (vix.h, vixOpenSource.h).
namespace VixRunProgramOption {
inline constexpr qint32 ReturnImmediately = 0x0001;
inline constexpr qint32 ActivateWindow = 0x0002;
inline constexpr qint32 RunAsLocalSystem = 0x0008;
} // namespace VixRunProgramOption

// Read/WriteVariable variable types (vix.h, vixOpenSource.h).
namespace VixVariableType {
inline constexpr qint32 VmGuestVariable = 1;
inline constexpr qint32 VmConfigRuntimeOnly = 2;
inline constexpr qint32 GuestEnvironmentVariable = 3;
inline constexpr qint32 GuestConfig = 4;
inline constexpr qint32 VmdbVariable = 5;
} // namespace VixVariableType

} // namespace gk::vix
