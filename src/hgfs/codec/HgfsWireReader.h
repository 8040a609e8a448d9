#pragma once

#include <QByteArray>

namespace gk::hgfs {

// Bounds-checked little-endian reader over one packet. Every read checks the
// bytes present first; the first failure makes the reader "failed" and every
// later read fails too, so a decoder can read a whole struct and test once.
class HgfsWireReader
{
public:
    explicit HgfsWireReader(QByteArray data) : m_data(std::move(data)) {}

    bool readU8(quint8 &out);
    bool readU32(quint32 &out);
    bool readU64(quint64 &out);
    // Reads exactly n bytes; n may come straight off the wire (any 64-bit value).
    bool readBytes(quint64 n, QByteArray &out);
    bool skip(quint64 n);
    // The next byte without consuming it; false at the end.
    bool peekU8(quint8 &out) const;

    quint64 remaining() const { return m_failed ? 0 : quint64(m_data.size()) - m_pos; }
    quint64 position() const { return m_pos; }
    bool failed() const { return m_failed; }
    bool atEnd() const { return remaining() == 0; }
    // The unread tail, without consuming it.
    QByteArray rest() const;

private:
    bool take(quint64 n, const char *&at);

    QByteArray m_data;
    quint64 m_pos = 0;
    bool m_failed = false;
};

} // namespace gk::hgfs
