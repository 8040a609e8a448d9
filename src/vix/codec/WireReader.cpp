#include "WireReader.h"

namespace gk::vix {

WireReader::WireReader(const QByteArray &data, qsizetype begin, qsizetype end)
    : m_data(data), m_begin(begin), m_pos(begin), m_end(end)
{
    if (begin < 0 || end < begin || end > data.size()) {
        m_begin = m_pos = m_end = 0;
        m_failed = true;
    }
}

bool WireReader::need(quint64 n)
{
    if (!has(n)) {
        m_failed = true;
        return false;
    }
    return true;
}

quint8 WireReader::u8()
{
    if (!need(1))
        return 0;
    return quint8(m_data.at(m_pos++));
}

quint16 WireReader::u16()
{
    if (!need(2))
        return 0;
    const auto *p = reinterpret_cast<const uchar *>(m_data.constData() + m_pos);
    m_pos += 2;
    return quint16(p[0] | (p[1] << 8));
}

quint32 WireReader::u32()
{
    if (!need(4))
        return 0;
    const auto *p = reinterpret_cast<const uchar *>(m_data.constData() + m_pos);
    m_pos += 4;
    return quint32(p[0]) | (quint32(p[1]) << 8) | (quint32(p[2]) << 16) | (quint32(p[3]) << 24);
}

quint64 WireReader::u64()
{
    const quint64 low = u32();
    const quint64 high = u32();
    return m_failed ? 0 : (low | (high << 32));
}

QByteArray WireReader::bytes(quint64 n)
{
    if (!need(n))
        return {};
    // Always a copy of its own: the data may be a view into the caller's
    // buffer (decodeVixRequest reads the message in place), and mid() of the
    // whole array would share it.
    QByteArray out = n > 0 && m_pos == 0 && qsizetype(n) == m_data.size()
                         ? QByteArray(m_data.constData(), m_data.size())
                         : m_data.mid(m_pos, qsizetype(n));
    m_pos += qsizetype(n);
    return out;
}

bool WireReader::skip(quint64 n)
{
    if (!need(n))
        return false;
    m_pos += qsizetype(n);
    return true;
}

WireReader WireReader::take(quint64 n)
{
    if (!need(n)) {
        WireReader failed;
        failed.m_failed = true;
        return failed;
    }
    WireReader sub(m_data, m_pos, m_pos + qsizetype(n));
    m_pos += qsizetype(n);
    return sub;
}

} // namespace gk::vix
