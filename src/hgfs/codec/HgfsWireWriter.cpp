#include "HgfsWireWriter.h"

#include <QtEndian>

namespace gk::hgfs {

HgfsWireWriter &HgfsWireWriter::u8(quint8 v)
{
    m_data.append(char(v));
    return *this;
}

HgfsWireWriter &HgfsWireWriter::u32(quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    m_data.append(b, 4);
    return *this;
}

HgfsWireWriter &HgfsWireWriter::u64(quint64 v)
{
    char b[8];
    qToLittleEndian(v, b);
    m_data.append(b, 8);
    return *this;
}

HgfsWireWriter &HgfsWireWriter::bytes(const QByteArray &b)
{
    m_data.append(b);
    return *this;
}

HgfsWireWriter &HgfsWireWriter::zeros(qsizetype n)
{
    m_data.append(n, '\0');
    return *this;
}

} // namespace gk::hgfs
