#pragma once

#include "LengthPrefixedReader.h"

#include <QByteArray>

namespace gk::channel {

// The sim channel's framing (../shared/spec/sim-channel.md): a big-endian
// uint32 payload length, then the payload. Pure: no I/O.
inline constexpr qsizetype kSimMaxFrame = 4 * 1024 * 1024;

// Returns the frame for one payload; the caller keeps payloads within kSimMaxFrame.
QByteArray encodeSimFrame(const QByteArray &payload);

// The decoder: a frame's payload at a time, without its length.
class SimFrameDecoder : public LengthPrefixedReader
{
public:
    SimFrameDecoder() : LengthPrefixedReader(kSimMaxFrame, false, "frame") {}
};

} // namespace gk::channel
