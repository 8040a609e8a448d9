#pragma once

#include <QtGlobal>

// The backdoor's numbers, from open-vm-tools lib/include/backdoor_def.h and
// lib/include/guest_msg_def.h.
namespace gk::channel::backdoor {

inline constexpr quint32 kMagic = 0x564D5868; // BDOOR_MAGIC, "VMXh"
inline constexpr quint16 kPortLow = 0x5658;   // BDOOR_PORT
inline constexpr quint16 kPortHigh = 0x5659;  // BDOORHB_PORT
inline constexpr quint16 kCmdGetVersion = 10; // BDOOR_CMD_GETVERSION
inline constexpr quint16 kCmdMessage = 30;    // BDOOR_CMD_MESSAGE
inline constexpr quint16 kHbCmdMessage = 0;   // BDOORHB_CMD_MESSAGE
inline constexpr quint32 kVersionMagic = 6; // what GETVERSION answers (vm_version.h VERSION_MAGIC)

// Hypercall flags that replace the port in DX when vmcall/vmmcall is used.
inline constexpr quint16 kFlagsHb = 1 << 0;    // BDOOR_FLAGS_HB
inline constexpr quint16 kFlagsWrite = 1 << 1; // BDOOR_FLAGS_WRITE

// MESSAGE subcommands (high half of ECX).
enum MessageType : quint16 {
    kMsgOpen = 0,
    kMsgSendSize = 1,
    kMsgSendPayload = 2,
    kMsgRecvSize = 3,
    kMsgRecvPayload = 4,
    kMsgRecvStatus = 5,
    kMsgClose = 6,
};

// Status bits (high half of ECX, or of EBX after a high-bandwidth transfer).
enum MessageStatus : quint16 {
    kStatusSuccess = 0x0001,
    kStatusDoRecv = 0x0002,
    kStatusClosed = 0x0004,
    kStatusUnsent = 0x0008,
    kStatusCpt = 0x0010,
    kStatusPowerOff = 0x0020,
    kStatusTimeout = 0x0040,
    kStatusHb = 0x0080,
};

inline constexpr quint32 kFlagCookie = 0x80000000; // GUESTMSG_FLAG_COOKIE on OPEN
inline constexpr quint32 kProtoTclo = 0x4f4c4354;  // "TCLO"
inline constexpr quint32 kProtoRpci = 0x49435052;  // "RPCI"

// CPUID: leaf 1 ECX bit 31 says "hypervisor present"; leaf 0x40000000 names
// it ("VMwareVMware" in EBX, ECX, EDX); leaf 0x40000010 ECX bit 0 says
// VMMCALL, bit 1 VMCALL (lib/include/x86cpuid.h, lib/backdoor/backdoor.c).
inline constexpr quint32 kCpuidHypervisorLeaf = 0x40000000;
inline constexpr quint32 kCpuidVmwFeaturesLeaf = 0x40000010;
inline constexpr quint32 kCpuidVmmcallBit = 1u << 0;
inline constexpr quint32 kCpuidVmcallBit = 1u << 1;

} // namespace gk::channel::backdoor
