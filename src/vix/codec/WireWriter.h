#pragma once

#include <QByteArray>

namespace gk::vix {

// Little-endian writer for the packed VIX structs (lib/include/vixCommands.h).
class WireWriter
{
public:
    WireWriter &u8(quint8 v)
    {
        m_out.append(char(v));
        return *this;
    }
    WireWriter &u16(quint16 v) { return u8(quint8(v)).u8(quint8(v >> 8)); }
    WireWriter &u32(quint32 v) { return u16(quint16(v)).u16(quint16(v >> 16)); }
    WireWriter &u64(quint64 v) { return u32(quint32(v)).u32(quint32(v >> 32)); }
    WireWriter &i32(qint32 v) { return u32(quint32(v)); }
    WireWriter &i64(qint64 v) { return u64(quint64(v)); }
    WireWriter &boolean(bool v) { return u8(v ? 1 : 0); }
    WireWriter &bytes(const QByteArray &b)
    {
        m_out.append(b);
        return *this;
    }
    // Room for n bytes in all, so that a large payload is copied once.
    WireWriter &reserve(qsizetype n)
    {
        m_out.reserve(n);
        return *this;
    }
    // The bytes and the terminating NUL.
    WireWriter &cstring(const QByteArray &s) { return bytes(s).u8(0); }

    const QByteArray &data() const { return m_out; }
    qsizetype size() const { return m_out.size(); }

private:
    QByteArray m_out;
};

} // namespace gk::vix
