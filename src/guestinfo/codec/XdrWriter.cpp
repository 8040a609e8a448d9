#include "XdrWriter.h"

namespace gk::guestinfo {

void XdrWriter::putUint32(quint32 value)
{
    const char be[4] = {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
    m_bytes.append(be, 4);
}

void XdrWriter::putUint64(quint64 value)
{
    putUint32(quint32(value >> 32));
    putUint32(quint32(value));
}

void XdrWriter::putOpaque(const QByteArray &bytes)
{
    putUint32(quint32(bytes.size()));
    putFixedOpaque(bytes);
}

void XdrWriter::putFixedOpaque(const QByteArray &bytes)
{
    m_bytes.append(bytes);
    m_bytes.append(padded(bytes.size()) - bytes.size(), '\0');
}

} // namespace gk::guestinfo
