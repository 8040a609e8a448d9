#include "XdrReader.h"

#include "XdrWriter.h"

namespace gk::guestinfo {

XdrReader::XdrReader(const QByteArray &data, qsizetype offset)
    : m_data(data), m_pos(qBound(qsizetype(0), offset, qsizetype(data.size())))
{}

bool XdrReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message + QStringLiteral(" (at byte %1)").arg(m_pos);
    return false;
}

bool XdrReader::need(qsizetype bytes, const char *what)
{
    if (failed())
        return false;
    if (bytes > remaining())
        return fail(QStringLiteral("truncated %1: need %2 bytes, %3 left")
                        .arg(QLatin1String(what))
                        .arg(bytes)
                        .arg(remaining()));
    return true;
}

bool XdrReader::readUint32(quint32 &out)
{
    if (!need(4, "uint32"))
        return false;
    const auto *p = reinterpret_cast<const uchar *>(m_data.constData() + m_pos);
    out = quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | quint32(p[3]);
    m_pos += 4;
    return true;
}

bool XdrReader::readInt32(qint32 &out)
{
    quint32 u = 0;
    if (!readUint32(u))
        return false;
    out = qint32(u);
    return true;
}

bool XdrReader::readBool(bool &out, const char *what)
{
    quint32 u = 0;
    if (!readUint32(u))
        return false;
    if (u > 1)
        return fail(QStringLiteral("%1: boolean is %2").arg(QLatin1String(what)).arg(u));
    out = u == 1;
    return true;
}

bool XdrReader::readUint64(quint64 &out)
{
    quint32 high = 0;
    quint32 low = 0;
    if (!readUint32(high) || !readUint32(low))
        return false;
    out = quint64(high) << 32 | low;
    return true;
}

bool XdrReader::readOpaque(QByteArray &out, quint32 maxLength, const char *what)
{
    quint32 length = 0;
    if (!readUint32(length))
        return false;
    if (length > maxLength)
        return fail(QStringLiteral("%1: length %2 over the limit %3")
                        .arg(QLatin1String(what))
                        .arg(length)
                        .arg(maxLength));
    const qsizetype onWire = XdrWriter::padded(qsizetype(length));
    if (!need(onWire, what))
        return false;
    out = m_data.mid(m_pos, qsizetype(length));
    m_pos += onWire;
    return true;
}

bool XdrReader::readCount(quint32 &count, quint32 maxCount, qsizetype minItemSize, const char *what)
{
    if (!readUint32(count))
        return false;
    if (count > maxCount)
        return fail(QStringLiteral("%1: %2 items, the limit is %3")
                        .arg(QLatin1String(what))
                        .arg(count)
                        .arg(maxCount));
    if (qint64(count) * minItemSize > remaining())
        return fail(QStringLiteral("%1: %2 items cannot fit in %3 bytes")
                        .arg(QLatin1String(what))
                        .arg(count)
                        .arg(remaining()));
    return true;
}

} // namespace gk::guestinfo
