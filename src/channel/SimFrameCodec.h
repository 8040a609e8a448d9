#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace gk::channel {

// The sim channel's framing (../shared/spec/sim-channel.md): a big-endian
// uint32 payload length, then the payload. Pure: no I/O.
inline constexpr qsizetype kSimMaxFrame = 4 * 1024 * 1024;

// Returns the frame for one payload; the caller keeps payloads within kSimMaxFrame.
QByteArray encodeSimFrame(const QByteArray &payload);

// Incremental decoder: feed() whatever a read returned, then take complete
// frames with next() until it returns nothing. A length over kSimMaxFrame puts
// the decoder into a failed state (the connection must be closed).
class SimFrameDecoder
{
public:
    void feed(const QByteArray &bytes);
    std::optional<QByteArray> next();
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    // Bytes received but not yet returned as frames.
    qsizetype pending() const { return m_buffer.size() - m_offset; }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    QString m_error;
};

} // namespace gk::channel
