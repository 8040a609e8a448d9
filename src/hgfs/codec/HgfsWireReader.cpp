#include "HgfsWireReader.h"

#include <QtEndian>

namespace gk::hgfs {

bool HgfsWireReader::take(quint64 n, const char *&at)
{
    // Compare against what is left instead of computing m_pos + n, so a
    // length near 2^64 cannot wrap around.
    if (m_failed || n > remaining()) {
        m_failed = true;
        return false;
    }
    at = m_data.constData() + m_pos;
    m_pos += n;
    return true;
}

bool HgfsWireReader::readU8(quint8 &out)
{
    const char *at = nullptr;
    if (!take(1, at))
        return false;
    out = quint8(*at);
    return true;
}

bool HgfsWireReader::readU32(quint32 &out)
{
    const char *at = nullptr;
    if (!take(4, at))
        return false;
    out = qFromLittleEndian<quint32>(at);
    return true;
}

bool HgfsWireReader::readU64(quint64 &out)
{
    const char *at = nullptr;
    if (!take(8, at))
        return false;
    out = qFromLittleEndian<quint64>(at);
    return true;
}

bool HgfsWireReader::readBytes(quint64 n, QByteArray &out)
{
    const char *at = nullptr;
    if (!take(n, at))
        return false;
    out = QByteArray(at, qsizetype(n));
    return true;
}

bool HgfsWireReader::skip(quint64 n)
{
    const char *at = nullptr;
    return take(n, at);
}

bool HgfsWireReader::peekU8(quint8 &out) const
{
    if (remaining() == 0)
        return false;
    out = quint8(m_data.at(qsizetype(m_pos)));
    return true;
}

QByteArray HgfsWireReader::rest() const
{
    if (m_failed)
        return {};
    return m_data.mid(qsizetype(m_pos));
}

} // namespace gk::hgfs
