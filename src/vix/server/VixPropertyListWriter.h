#pragma once

#include <QByteArray>
#include <QString>

namespace gk::vix::server {

// A serialized VIX property list, as VixPropertyList_Serialize writes it
// (lib/foundryMsg/foundryPropertyListCommon.c): per property, little-endian
// i32 id, i32 type, i32 value length, then the value (a string with its
// NUL, a 4-byte integer, a 1-byte Bool, an 8-byte int64). Properties keep
// the order they were added in.
class VixPropertyListWriter
{
public:
    void addString(qint32 id, const QString &value);
    void addInteger(qint32 id, qint32 value);
    void addBool(qint32 id, bool value);
    void addInt64(qint32 id, qint64 value);
    const QByteArray &data() const { return m_data; }

private:
    void header(qint32 id, qint32 type, qint32 length);
    void appendInt32(qint32 value);

    QByteArray m_data;
};

} // namespace gk::vix::server
