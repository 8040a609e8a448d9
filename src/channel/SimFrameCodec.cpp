#include "SimFrameCodec.h"

#include <QtEndian>

namespace gk::channel {

QByteArray encodeSimFrame(const QByteArray &payload)
{
    QByteArray frame(4 + payload.size(), Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(payload.size()), frame.data());
    memcpy(frame.data() + 4, payload.constData(), size_t(payload.size()));
    return frame;
}

void SimFrameDecoder::feed(const QByteArray &bytes)
{
    if (failed())
        return;
    // Drop what next() already consumed before growing the buffer, so a
    // stream of frames never accumulates.
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        // resize(0), not clear(): the reserved capacity stays for the next frame.
        m_buffer.resize(0);
        m_offset = 0;
    } else if (m_offset > 64 * 1024 && m_offset * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    if (m_buffer.capacity() == 0)
        m_buffer.reserve(4096);
    m_buffer.append(bytes);
}

std::optional<QByteArray> SimFrameDecoder::next()
{
    if (failed() || pending() < 4)
        return std::nullopt;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
    if (length > quint32(kSimMaxFrame)) {
        m_error = QStringLiteral("frame of %1 bytes exceeds the 4 MiB limit").arg(length);
        return std::nullopt;
    }
    if (pending() - 4 < qsizetype(length))
        return std::nullopt;
    QByteArray payload = m_buffer.mid(m_offset + 4, qsizetype(length));
    m_offset += 4 + qsizetype(length);
    return payload;
}

} // namespace gk::channel
