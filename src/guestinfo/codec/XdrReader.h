#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace gk::guestinfo {

// Reads XDR (RFC 4506) items from a byte buffer. Every read checks the bytes
// present; the first failure is remembered (later reads fail too), so a
// decoder can read a whole structure and check failed() once. Lengths and
// counts are capped by the caller's protocol limit and by the bytes left, so
// a count near 2^32 never allocates.
class XdrReader
{
public:
    explicit XdrReader(const QByteArray &data, qsizetype offset = 0);

    bool readUint32(quint32 &out);
    bool readInt32(qint32 &out);
    bool readEnum(quint32 &out) { return readUint32(out); }
    // Only 0 and 1 are booleans (RFC 4506 4.4).
    bool readBool(bool &out, const char *what);
    bool readUint64(quint64 &out);
    // opaque<max> / string<max>: length (<= maxLength), bytes, padding.
    bool readOpaque(QByteArray &out, quint32 maxLength, const char *what);
    bool readString(QByteArray &out, quint32 maxLength, const char *what)
    {
        return readOpaque(out, maxLength, what);
    }
    // A variable array's count: at most maxCount, and count * minItemSize
    // must fit in the bytes left.
    bool readCount(quint32 &count, quint32 maxCount, qsizetype minItemSize, const char *what);
    // The discriminant of optional data ("*T").
    bool readPresent(bool &present, const char *what) { return readBool(present, what); }

    // Records a failure found by the caller (an unknown union arm, ...).
    bool fail(const QString &message);

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype position() const { return m_pos; }
    qsizetype remaining() const { return m_data.size() - m_pos; }
    bool atEnd() const { return m_pos == m_data.size(); }

private:
    bool need(qsizetype bytes, const char *what);

    const QByteArray m_data; // a shared copy: the reader never dangles
    qsizetype m_pos;
    QString m_error;
};

} // namespace gk::guestinfo
