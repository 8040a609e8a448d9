#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gk::channel {

// Incremental splitter of a byte stream into records that start with a
// big-endian uint32 length: the sim channel's frames
// (../shared/spec/sim-channel.md) and the vsock channel's DataMap packets
// (lib/rpcChannel/simpleSocket.c) are both framed this way. Give it bytes
// with feed(), or let a reader write them straight into place (space() and
// wanted(), then commit()), then take complete records with next() until it
// returns nothing. A length over the limit puts the reader into a failed
// state (the connection must be closed). Pure: no I/O.
//
// Each record is allocated once at its announced length and the bytes are
// copied into it once: a 60 KiB HGFS packet used to be copied three times
// (into a read buffer, into the stream buffer, out into the record).
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
    // Where the next bytes go, and how many the current length prefix or
    // record still needs (never 0 unless failed).
    char *space();
    qsizetype wanted() const;
    // n bytes (at most wanted()) were written at space().
    void commit(qsizetype n);

    std::optional<QByteArray> next();
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    // Bytes received but not yet returned as records.
    qsizetype pending() const;

private:
    void startRecord();

    char m_prefix[4] = {};
    qsizetype m_prefixHave = 0; // < 4 while reading a prefix
    bool m_inRecord = false;
    QByteArray m_record;
    qsizetype m_recordHave = 0;
    QList<QByteArray> m_ready;
    QString m_error;
    qsizetype m_maxLength;
    bool m_keepPrefix;
    const char *m_unit;
};

} // namespace gk::channel
