#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace gk::guestinfo {

// Appends XDR (RFC 4506) items to a byte buffer: big-endian 4-byte units,
// variable-length data preceded by its length and zero-padded to a multiple of
// 4. Pure: the caller decides what the bytes are for.
class XdrWriter
{
public:
    void putUint32(quint32 value);
    void putInt32(qint32 value) { putUint32(quint32(value)); }
    void putEnum(quint32 value) { putUint32(value); }
    void putBool(bool value) { putUint32(value ? 1 : 0); }
    void putUint64(quint64 value);
    // opaque<> and string<>: length, bytes, padding.
    void putOpaque(const QByteArray &bytes);
    void putString(const QByteArray &utf8) { putOpaque(utf8); }
    // opaque[n]: bytes and padding, no length.
    void putFixedOpaque(const QByteArray &bytes);
    // Variable arrays and optional data ("*T") lead with a count or a bool;
    // these name the intent at the call site.
    void putCount(quint32 count) { putUint32(count); }
    void putPresent(bool present) { putBool(present); }

    const QByteArray &bytes() const { return m_bytes; }
    qsizetype size() const { return m_bytes.size(); }

    // Bytes an opaque<>/string<> of this length takes on the wire.
    static qsizetype opaqueSize(qsizetype length) { return 4 + padded(length); }
    static qsizetype padded(qsizetype length) { return (length + 3) & ~qsizetype(3); }

private:
    QByteArray m_bytes;
};

} // namespace gk::guestinfo
