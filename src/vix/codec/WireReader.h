#pragma once

#include <QByteArray>

namespace gk::vix {

// Bounds-checked little-endian reader over a byte range (the VIX structs are
// packed and little-endian, lib/include/vixCommands.h). A read past the end
// fails and makes the reader fail for good: every later read returns zero or
// empty, and ok() tells the caller. No read ever touches a byte outside the
// range it was given.
class WireReader
{
public:
    WireReader() = default;
    explicit WireReader(const QByteArray &data) : WireReader(data, 0, data.size()) {}
    // The range [begin, end) of data; an invalid range gives a failed reader.
    WireReader(const QByteArray &data, qsizetype begin, qsizetype end);

    bool ok() const { return !m_failed; }
    qsizetype position() const { return m_pos - m_begin; }
    qsizetype remaining() const { return m_failed ? 0 : m_end - m_pos; }
    bool atEnd() const { return remaining() == 0; }

    quint8 u8();
    quint16 u16();
    quint32 u32();
    quint64 u64();
    qint32 i32() { return qint32(u32()); }
    qint64 i64() { return qint64(u64()); }
    bool boolean() { return u8() != 0; } // C Bool is one byte; any non-zero is TRUE

    // The next n bytes (n may be any 64-bit value: lengths come off the wire).
    QByteArray bytes(quint64 n);
    // Whether n more bytes are present, without consuming or failing.
    bool has(quint64 n) const { return !m_failed && n <= quint64(m_end - m_pos); }
    bool skip(quint64 n);
    // A reader over the next n bytes, which this reader consumes.
    WireReader take(quint64 n);
    // Pointer to the next byte; valid only while has(1) or for has(n) bytes.
    const char *peek() const { return m_data.constData() + m_pos; }

    void fail() { m_failed = true; }

private:
    bool need(quint64 n);

    QByteArray m_data; // implicitly shared: no copy of the bytes
    qsizetype m_begin = 0;
    qsizetype m_pos = 0;
    qsizetype m_end = 0;
    bool m_failed = false;
};

} // namespace gk::vix
