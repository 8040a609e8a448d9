#include "VixPropertyListWriter.h"

#include "vix/codec/VixConstants.h"

#include <QtEndian>

namespace gk::vix::server {

void VixPropertyListWriter::appendInt32(qint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    m_data.append(bytes, 4);
}

void VixPropertyListWriter::header(qint32 id, qint32 type, qint32 length)
{
    appendInt32(id);
    appendInt32(type);
    appendInt32(length);
}

void VixPropertyListWriter::addString(qint32 id, const QString &value)
{
    QByteArray utf8 = value.toUtf8();
    // A C string: it ends at the first NUL.
    const qsizetype nul = utf8.indexOf('\0');
    if (nul >= 0)
        utf8.truncate(nul);
    header(id, VixPropertyType::String, qint32(utf8.size() + 1));
    m_data.append(utf8);
    m_data.append('\0');
}

void VixPropertyListWriter::addInteger(qint32 id, qint32 value)
{
    header(id, VixPropertyType::Integer, 4);
    appendInt32(value);
}

void VixPropertyListWriter::addBool(qint32 id, bool value)
{
    header(id, VixPropertyType::Bool, 1);
    m_data.append(value ? '\1' : '\0');
}

void VixPropertyListWriter::addInt64(qint32 id, qint64 value)
{
    header(id, VixPropertyType::Int64, 8);
    char bytes[8];
    qToLittleEndian(value, bytes);
    m_data.append(bytes, 8);
}

} // namespace gk::vix::server
