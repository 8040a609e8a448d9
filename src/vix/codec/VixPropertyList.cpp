#include "VixPropertyList.h"

#include "VixBodyParser.h"
#include "VixConstants.h"
#include "WireReader.h"
#include "WireWriter.h"

namespace gk::vix {

VixPropertyList &VixPropertyList::addInt(qint32 id, qint32 value)
{
    m_properties.append({id, VixPropertyType::Integer, QVariant::fromValue(value)});
    return *this;
}

VixPropertyList &VixPropertyList::addString(qint32 id, const QString &value)
{
    m_properties.append({id, VixPropertyType::String, QVariant::fromValue(value)});
    return *this;
}

VixPropertyList &VixPropertyList::addBool(qint32 id, bool value)
{
    m_properties.append({id, VixPropertyType::Bool, QVariant::fromValue(value)});
    return *this;
}

VixPropertyList &VixPropertyList::addInt64(qint32 id, qint64 value)
{
    m_properties.append({id, VixPropertyType::Int64, QVariant::fromValue(value)});
    return *this;
}

VixPropertyList &VixPropertyList::addBlob(qint32 id, const QByteArray &value)
{
    m_properties.append({id, VixPropertyType::Blob, QVariant::fromValue(value)});
    return *this;
}

const VixPropertyList::Property *VixPropertyList::find(qint32 id) const
{
    for (const Property &p : m_properties) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

QByteArray VixPropertyList::serialize() const
{
    WireWriter w;
    for (const Property &p : m_properties) {
        w.i32(p.id).i32(p.type);
        switch (p.type) {
        case VixPropertyType::Integer:
            w.i32(4).i32(p.value.value<qint32>());
            break;
        case VixPropertyType::Bool:
            w.i32(1).boolean(p.value.toBool());
            break;
        case VixPropertyType::Int64:
            w.i32(8).i64(p.value.value<qint64>());
            break;
        case VixPropertyType::String: {
            const QByteArray s = p.value.toString().toUtf8();
            w.i32(qint32(s.size() + 1)).cstring(s);
            break;
        }
        default: {
            const QByteArray b = p.value.toByteArray();
            w.i32(qint32(b.size())).bytes(b);
            break;
        }
        }
    }
    return w.data();
}

Decoded<VixPropertyList> VixPropertyList::deserialize(const QByteArray &data)
{
    const auto bad = [](const QString &why) {
        return DecodeError{VixErr::InvalidSerializedData, QStringLiteral("property list: ") + why};
    };
    VixPropertyList list;
    WireReader r(data);
    while (!r.atEnd()) {
        const qint32 id = r.i32();
        const qint32 type = r.i32();
        const quint32 length = r.u32();
        if (!r.ok() || !r.has(length))
            return bad(QStringLiteral("truncated property"));
        WireReader v = r.take(length);
        switch (type) {
        case VixPropertyType::Integer:
            if (length != 4)
                return bad(QStringLiteral("integer of %1 bytes").arg(length));
            list.addInt(id, v.i32());
            break;
        case VixPropertyType::Bool:
            if (length != 1)
                return bad(QStringLiteral("bool of %1 bytes").arg(length));
            list.addBool(id, v.boolean());
            break;
        case VixPropertyType::Int64:
            if (length != 8)
                return bad(QStringLiteral("int64 of %1 bytes").arg(length));
            list.addInt64(id, v.i64());
            break;
        case VixPropertyType::String: {
            const QByteArray raw = v.bytes(length);
            if (raw.isEmpty() || raw.indexOf('\0') != raw.size() - 1)
                return bad(QStringLiteral("string not NUL-terminated at its length"));
            const auto text = VixBodyParser::utf8(raw.left(raw.size() - 1));
            if (!text)
                return bad(QStringLiteral("string is not UTF-8"));
            list.addString(id, *text);
            break;
        }
        case VixPropertyType::Blob:
            list.addBlob(id, v.bytes(length));
            break;
        default:
            return bad(QStringLiteral("unknown type %1").arg(type));
        }
    }
    return list;
}

} // namespace gk::vix
