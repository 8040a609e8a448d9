#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace gk::channel {

// Incremental splitter of a byte stream into records that start with a
// big-endian uint32 length: the sim channel's frames
// (../shared/spec/sim-channel.md) and the vsock channel's DataMap packets
// (lib/rpcChannel/simpleSocket.c) are both framed this way. feed() whatever
// a read returned, then take complete records with next() until it returns
// nothing. A length over the limit puts the reader into a failed state (the
// connection must be closed). Pure: no I/O.
class LengthPrefixedReader
{
public:
    // `keepPrefix`: next() returns the record with its 4-byte length (a
    // DataMap packet is parsed whole) or without it (a sim frame's payload).
    // `unit` names a record in the error ("frame", "packet").
    LengthPrefixedReader(qsizetype maxLength, bool keepPrefix, const char *unit)
        : m_maxLength(maxLength), m_keepPrefix(keepPrefix), m_unit(unit)
    {}

    void feed(const QByteArray &bytes);
    std::optional<QByteArray> next();
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    // Bytes received but not yet returned as records.
    qsizetype pending() const { return m_buffer.size() - m_offset; }

private:
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    QString m_error;
    qsizetype m_maxLength;
    bool m_keepPrefix;
    const char *m_unit;
};

} // namespace gk::channel
