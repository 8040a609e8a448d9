#pragma once

#include <QByteArray>

#include <utility>

namespace gk::hgfs {

// Little-endian writer that builds one packet (or one part of it) by value.
class HgfsWireWriter
{
public:
    HgfsWireWriter() = default;

    HgfsWireWriter &u8(quint8 v);
    HgfsWireWriter &u32(quint32 v);
    HgfsWireWriter &u64(quint64 v);
    HgfsWireWriter &bytes(const QByteArray &b);
    HgfsWireWriter &zeros(qsizetype n);

    qsizetype size() const { return m_data.size(); }
    const QByteArray &data() const { return m_data; }
    QByteArray take() { return std::exchange(m_data, {}); }

private:
    QByteArray m_data;
};

} // namespace gk::hgfs
