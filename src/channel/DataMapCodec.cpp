#include "DataMapCodec.h"

#include <QtEndian>

#include <cstring>

namespace gk::channel {

namespace {

// Every read checks the bytes that are left first (dataMap.c's own decoder
// lets a negative string length through to malloc).
class Reader
{
public:
    Reader(const char *data, qsizetype size) : m_data(data), m_left(size) {}
    qsizetype left() const { return m_left; }

    bool int32(qint32 *out)
    {
        if (m_left < 4)
            return false;
        *out = qint32(qFromBigEndian<quint32>(m_data));
        m_data += 4;
        m_left -= 4;
        return true;
    }
    bool int64(qint64 *out)
    {
        qint32 low = 0;
        qint32 high = 0;
        if (!int32(&low) || !int32(&high))
            return false;
        *out = qint64((quint64(quint32(high)) << 32) | quint32(low));
        return true;
    }
    bool bytes(qsizetype n, QByteArray *out)
    {
        if (n < 0 || m_left < n)
            return false;
        *out = QByteArray(m_data, n);
        m_data += n;
        m_left -= n;
        return true;
    }

private:
    const char *m_data;
    qsizetype m_left;
};

void putInt32(QByteArray &out, qint32 value)
{
    char buf[4];
    qToBigEndian<quint32>(quint32(value), buf);
    out.append(buf, 4);
}

void putInt64(QByteArray &out, qint64 value)
{
    // dataMap.c EncodeInt64: the low 32 bits first, each word big-endian.
    putInt32(out, qint32(quint32(quint64(value))));
    putInt32(out, qint32(quint32(quint64(value) >> 32)));
}

void putString(QByteArray &out, const QByteArray &s)
{
    putInt32(out, qint32(s.size()));
    out.append(s);
}

std::optional<DataMap> failWith(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

} // namespace

std::optional<DataMapType> DataMap::typeOf(qint32 id) const
{
    const auto it = m_fields.find(id);
    if (it == m_fields.end())
        return std::nullopt;
    return DataMapType(qint32(it->index()) + 1);
}

std::optional<qint64> DataMap::int64(qint32 id) const
{
    const auto it = m_fields.find(id);
    if (it == m_fields.end() || !std::holds_alternative<qint64>(*it))
        return std::nullopt;
    return std::get<qint64>(*it);
}

std::optional<QByteArray> DataMap::string(qint32 id) const
{
    const auto it = m_fields.find(id);
    if (it == m_fields.end() || !std::holds_alternative<QByteArray>(*it))
        return std::nullopt;
    return std::get<QByteArray>(*it);
}

std::optional<QList<qint64>> DataMap::int64List(qint32 id) const
{
    const auto it = m_fields.find(id);
    if (it == m_fields.end() || !std::holds_alternative<QList<qint64>>(*it))
        return std::nullopt;
    return std::get<QList<qint64>>(*it);
}

std::optional<QList<QByteArray>> DataMap::stringList(qint32 id) const
{
    const auto it = m_fields.find(id);
    if (it == m_fields.end() || !std::holds_alternative<QList<QByteArray>>(*it))
        return std::nullopt;
    return std::get<QList<QByteArray>>(*it);
}

QByteArray DataMap::serialize() const
{
    QByteArray out(4, '\0'); // the length, filled in at the end
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const DataMapValue &v = it.value();
        putInt32(out, qint32(v.index()) + 1);
        putInt32(out, it.key());
        if (const auto *n = std::get_if<qint64>(&v)) {
            putInt64(out, *n);
        } else if (const auto *s = std::get_if<QByteArray>(&v)) {
            putString(out, *s);
        } else if (const auto *ns = std::get_if<QList<qint64>>(&v)) {
            putInt32(out, qint32(ns->size()));
            for (qint64 x : *ns)
                putInt64(out, x);
        } else if (const auto *ss = std::get_if<QList<QByteArray>>(&v)) {
            putInt32(out, qint32(ss->size()));
            for (const QByteArray &x : *ss)
                putString(out, x);
        }
    }
    qToBigEndian<quint32>(quint32(out.size() - 4), out.data());
    return out;
}

std::optional<DataMap> DataMap::parseContent(const char *data, qsizetype size, QString *error)
{
    if (size < 0 || size > kDataMapMaxPacket)
        return failWith(error, QStringLiteral("packet of %1 bytes is over the limit").arg(size));
    Reader r(data, size);
    DataMap map;
    while (r.left() > 0) {
        qint32 type = 0;
        qint32 id = 0;
        if (!r.int32(&type) || !r.int32(&id))
            return failWith(error, QStringLiteral("truncated field header"));
        if (type < 1 || type > 4)
            return failWith(error,
                            QStringLiteral("field %1 has unknown type %2").arg(id).arg(type));
        if (map.contains(id))
            return failWith(error, QStringLiteral("field %1 appears twice").arg(id));
        if (map.size() >= kDataMapMaxFields)
            return failWith(error, QStringLiteral("more than %1 fields").arg(kDataMapMaxFields));
        switch (DataMapType(type)) {
        case DataMapType::Int64: {
            qint64 v = 0;
            if (!r.int64(&v))
                return failWith(error, QStringLiteral("field %1: truncated int64").arg(id));
            map.set(id, v);
            break;
        }
        case DataMapType::String: {
            qint32 length = 0;
            QByteArray s;
            if (!r.int32(&length) || length < 0 || !r.bytes(length, &s))
                return failWith(error,
                                QStringLiteral("field %1: string length past the end").arg(id));
            map.set(id, s);
            break;
        }
        case DataMapType::Int64List: {
            qint32 count = 0;
            // Check the count against the bytes left before reserving anything.
            if (!r.int32(&count) || count < 0 || qsizetype(count) * 8 > r.left())
                return failWith(error, QStringLiteral("field %1: list past the end").arg(id));
            QList<qint64> list;
            list.reserve(count);
            for (qint32 i = 0; i < count; ++i) {
                qint64 v = 0;
                r.int64(&v);
                list.append(v);
            }
            map.set(id, list);
            break;
        }
        case DataMapType::StringList: {
            qint32 count = 0;
            if (!r.int32(&count) || count < 0 || qsizetype(count) * 4 > r.left())
                return failWith(error, QStringLiteral("field %1: list past the end").arg(id));
            QList<QByteArray> list;
            list.reserve(count);
            for (qint32 i = 0; i < count; ++i) {
                qint32 length = 0;
                QByteArray s;
                if (!r.int32(&length) || length < 0 || !r.bytes(length, &s))
                    return failWith(error,
                                    QStringLiteral("field %1: string length past the end").arg(id));
                list.append(s);
            }
            map.set(id, list);
            break;
        }
        }
    }
    return map;
}

std::optional<DataMap> DataMap::parsePacket(const QByteArray &packet, QString *error)
{
    if (packet.size() < 4)
        return failWith(error, QStringLiteral("packet shorter than its length prefix"));
    const quint32 length = qFromBigEndian<quint32>(packet.constData());
    if (length > quint32(kDataMapMaxPacket))
        return failWith(error, QStringLiteral("packet of %1 bytes is over the limit").arg(length));
    if (qsizetype(length) != packet.size() - 4)
        return failWith(error, QStringLiteral("packet length %1 does not match the %2 bytes there")
                                   .arg(length)
                                   .arg(packet.size() - 4));
    return parseContent(packet.constData() + 4, qsizetype(length), error);
}

QByteArray GuestRpcPacket::encode() const
{
    DataMap map;
    map.set(kFieldType, qint64(type));
    if (!payload.isEmpty())
        map.set(kFieldPayload, payload);
    if (fastClose)
        map.set(kFieldFastClose, *fastClose);
    return map.serialize();
}

std::optional<GuestRpcPacket> GuestRpcPacket::decode(const DataMap &map, QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<GuestRpcPacket> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    GuestRpcPacket packet;
    if (map.contains(kFieldType)) {
        const std::optional<qint64> type = map.int64(kFieldType);
        if (!type)
            return fail(QStringLiteral("the packet type is not an int64"));
        if (*type != qint64(Type::Data) && *type != qint64(Type::Ping))
            return fail(QStringLiteral("unknown packet type %1").arg(*type));
        packet.type = Type(*type);
    }
    if (map.contains(kFieldPayload)) {
        const std::optional<QByteArray> payload = map.string(kFieldPayload);
        if (!payload)
            return fail(QStringLiteral("the payload is not a string"));
        packet.payload = *payload;
        packet.hasPayload = true;
    }
    if (map.contains(kFieldFastClose)) {
        const std::optional<qint64> fastClose = map.int64(kFieldFastClose);
        if (!fastClose)
            return fail(QStringLiteral("the fast-close field is not an int64"));
        packet.fastClose = fastClose;
    }
    // Other field ids are ignored, as vmtoolsd ignores them.
    return packet;
}

} // namespace gk::channel
