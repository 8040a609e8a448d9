#pragma once

#include "VixDecoded.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

namespace gk::vix {

// A serialized VIX property list (VixPropertyList_Serialize,
// lib/foundryMsg/foundryPropertyListCommon.c): for each property, in the
// order added, i32 id, i32 type, i32 value length, value. Integer 4 bytes,
// Bool 1, Int64 8, String UTF-8 plus NUL, Blob raw. GetToolsState answers
// with such a list, base64-encoded (VixTools_GetToolsPropertiesImpl).
class VixPropertyList
{
public:
    struct Property
    {
        qint32 id = 0;
        qint32 type = 0; // VixPropertyType
        QVariant value;  // qint32, QString, bool, qint64 or QByteArray
    };

    VixPropertyList &addInt(qint32 id, qint32 value);
    VixPropertyList &addString(qint32 id, const QString &value);
    VixPropertyList &addBool(qint32 id, bool value);
    VixPropertyList &addInt64(qint32 id, qint64 value);
    VixPropertyList &addBlob(qint32 id, const QByteArray &value);

    const QList<Property> &properties() const { return m_properties; }
    const Property *find(qint32 id) const;

    QByteArray serialize() const;
    QByteArray toBase64() const { return serialize().toBase64(); }

    // Rejects unknown types, lengths past the end, strings without their NUL
    // or not UTF-8, and wrong fixed sizes (VIX_E_INVALID_SERIALIZED_DATA).
    static Decoded<VixPropertyList> deserialize(const QByteArray &data);

private:
    QList<Property> m_properties;
};

} // namespace gk::vix
