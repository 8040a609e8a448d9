#include "LengthPrefixedReader.h"

#include <QtEndian>

namespace gk::channel {

void LengthPrefixedReader::feed(const QByteArray &bytes)
{
    if (failed())
        return;
    // Drop what next() already consumed before growing the buffer, so a
    // stream of records never accumulates.
    if (m_offset > 0 && m_offset == m_buffer.size()) {
        // resize(0), not clear(): the reserved capacity stays for the next record.
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

std::optional<QByteArray> LengthPrefixedReader::next()
{
    if (failed() || pending() < 4)
        return std::nullopt;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
    if (length > quint64(m_maxLength)) {
        m_error = QStringLiteral("%1 of %2 bytes exceeds the %3 MiB limit")
                      .arg(QLatin1String(m_unit))
                      .arg(length)
                      .arg(m_maxLength / (1024 * 1024));
        return std::nullopt;
    }
    if (pending() - 4 < qsizetype(length))
        return std::nullopt;
    const qsizetype skip = m_keepPrefix ? 0 : 4;
    QByteArray record = m_buffer.mid(m_offset + skip, 4 + qsizetype(length) - skip);
    m_offset += 4 + qsizetype(length);
    return record;
}

} // namespace gk::channel
