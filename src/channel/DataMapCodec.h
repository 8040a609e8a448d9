#pragma once

#include "LengthPrefixedReader.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>
#include <variant>

namespace gk::channel {

// open-vm-tools' DataMap (lib/dataMap/dataMap.c), the framing of GuestRPC
// over vsock: a big-endian uint32 length, then fields, each a big-endian
// int32 type, a big-endian int32 field id and the value. An int64 is two
// big-endian 32-bit words, low word first; a string is a big-endian int32
// length and the bytes; lists are a big-endian int32 count and the elements.
// Field order is free; a field id may appear once. Pure: no I/O.

// A packet over this size is a protocol error (the receiver closes the connection).
inline constexpr qsizetype kDataMapMaxPacket = 4 * 1024 * 1024;
// At most this many fields in one map (a GuestRPC packet has three).
inline constexpr int kDataMapMaxFields = 64;

enum class DataMapType : qint32 { Int64 = 1, String = 2, Int64List = 3, StringList = 4 };

using DataMapValue = std::variant<qint64, QByteArray, QList<qint64>, QList<QByteArray>>;

class DataMap
{
public:
    // Adds or replaces a field.
    void set(qint32 id, DataMapValue value) { m_fields.insert(id, std::move(value)); }
    bool contains(qint32 id) const { return m_fields.contains(id); }
    int size() const { return int(m_fields.size()); }
    std::optional<DataMapType> typeOf(qint32 id) const;
    // The field's value when it exists with that type.
    std::optional<qint64> int64(qint32 id) const;
    std::optional<QByteArray> string(qint32 id) const;
    std::optional<QList<qint64>> int64List(qint32 id) const;
    std::optional<QList<QByteArray>> stringList(qint32 id) const;
    const QMap<qint32, DataMapValue> &fields() const { return m_fields; }

    // The whole packet: length prefix, then the fields in id order.
    QByteArray serialize() const;
    // The fields after the length prefix (exactly `size` bytes of them).
    static std::optional<DataMap> parseContent(const char *data, qsizetype size, QString *error);
    // One whole packet, length prefix included; bytes after it are an error.
    static std::optional<DataMap> parsePacket(const QByteArray &packet, QString *error);

    bool operator==(const DataMap &other) const { return m_fields == other.m_fields; }

private:
    QMap<qint32, DataMapValue> m_fields;
};

// The GuestRPC packet carried in a DataMap (lib/include/vmware/guestrpc/tclodefs.h):
// field 1 the packet type (1 data, 2 ping), field 2 the payload, field 3 fast-close.
struct GuestRpcPacket
{
    enum class Type : qint64 { Data = 1, Ping = 2 };
    static constexpr qint32 kFieldType = 1;
    static constexpr qint32 kFieldPayload = 2;
    static constexpr qint32 kFieldFastClose = 3;

    Type type = Type::Data;
    QByteArray payload;
    bool hasPayload = false; // whether the payload field was there (decode)
    std::optional<qint64> fastClose;

    // As vmtoolsd writes it: no payload field when the payload is empty
    // (lib/rpcIn/rpcin.c RpcInPackSendData).
    QByteArray encode() const;
    // A packet from the other side: a known type if the field is there (as
    // vmtoolsd, a missing type means data), a string payload if present. The
    // guest requires a payload in the VMX's data packets (rpcin.c); the VMX
    // takes a data packet without one as an empty answer.
    static std::optional<GuestRpcPacket> decode(const DataMap &map, QString *error);

    static GuestRpcPacket data(QByteArray payload)
    {
        return {Type::Data, std::move(payload), false, {}};
    }
    static GuestRpcPacket ping() { return {Type::Ping, {}, false, {}}; }
};

// Splits a byte stream into whole DataMap packets, length prefix included
// (DataMap::parsePacket takes them so).
class DataMapPacketReader : public LengthPrefixedReader
{
public:
    DataMapPacketReader() : LengthPrefixedReader(kDataMapMaxPacket, true, "packet") {}
};

} // namespace gk::channel
