#pragma once

#include "PortIo.h"

#include <QByteArray>

#include <optional>

namespace gk::channel::backdoor {

// The sim-backdoor channel (docs/transports.md): each backdoor call of the
// guest travels as one sim frame to the simulator's emulator and back, so
// that the whole daemon can run over the backdoor protocol without a VM.
// Request: u8 kind, the seven registers (u64 little-endian: ax bx cx dx si
// di bp), then for a high-bandwidth send the RCX bytes at RSI. Reply: the
// seven registers, then for a high-bandwidth receive the RCX bytes for RDI.
enum class PortCallKind : quint8 { InOut = 0, HbOut = 1, HbIn = 2 };

inline constexpr char kSimBackdoorHello[] = "BDOR";

struct PortCall
{
    PortCallKind kind = PortCallKind::InOut;
    BackdoorRegs regs;
    QByteArray data; // HB send: the bytes sent; HB receive reply: the bytes received
};

QByteArray encodePortCall(const PortCall &call);
std::optional<PortCall> decodePortCall(const QByteArray &frame);
QByteArray encodePortReply(const BackdoorRegs &regs, const QByteArray &data);
// `expectData`: the number of data bytes a receive's reply must carry.
std::optional<PortCall> decodePortReply(const QByteArray &frame, qsizetype expectData);

} // namespace gk::channel::backdoor
