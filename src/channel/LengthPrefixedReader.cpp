#include "LengthPrefixedReader.h"

#include <QtEndian>

#include <cstring>

namespace gk::channel {

char *LengthPrefixedReader::space()
{
    return m_inRecord ? m_record.data() + m_recordHave : m_prefix + m_prefixHave;
}

qsizetype LengthPrefixedReader::wanted() const
{
    if (failed())
        return 0;
    return m_inRecord ? m_record.size() - m_recordHave : 4 - m_prefixHave;
}

void LengthPrefixedReader::commit(qsizetype n)
{
    if (failed() || n <= 0)
        return;
    if (m_inRecord) {
        m_recordHave += n;
    } else {
        m_prefixHave += n;
        if (m_prefixHave == 4)
            startRecord();
    }
    if (m_inRecord && m_recordHave == m_record.size()) {
        m_ready.append(std::move(m_record));
        m_record = QByteArray();
        m_inRecord = false;
        m_prefixHave = 0;
    }
}

void LengthPrefixedReader::startRecord()
{
    const quint32 length = qFromBigEndian<quint32>(m_prefix);
    if (length > quint64(m_maxLength)) {
        m_error = QStringLiteral("%1 of %2 bytes exceeds the %3 MiB limit")
                      .arg(QLatin1String(m_unit))
                      .arg(length)
                      .arg(m_maxLength / (1024 * 1024));
        return;
    }
    const qsizetype prefix = m_keepPrefix ? 4 : 0;
    m_record.resize(prefix + qsizetype(length));
    if (prefix)
        std::memcpy(m_record.data(), m_prefix, 4);
    m_recordHave = prefix;
    m_inRecord = true;
}

void LengthPrefixedReader::feed(const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0 && !failed()) {
        const qsizetype n = qMin(left, wanted());
        std::memcpy(space(), data, size_t(n));
        commit(n);
        data += n;
        left -= n;
    }
}

std::optional<QByteArray> LengthPrefixedReader::next()
{
    if (m_ready.isEmpty())
        return std::nullopt;
    return m_ready.takeFirst();
}

qsizetype LengthPrefixedReader::pending() const
{
    qsizetype total = m_inRecord ? 4 + m_recordHave - (m_keepPrefix ? 4 : 0) : m_prefixHave;
    for (const QByteArray &record : m_ready)
        total += record.size() + (m_keepPrefix ? 0 : 4);
    return total;
}

} // namespace gk::channel
