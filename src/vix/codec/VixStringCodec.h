#pragma once

#include "WireWriter.h"

#include <QString>
#include <QStringList>

// Encoding helpers shared by the request-body encoders (host side).
namespace gk::vix {

// The length field of an optional string: 0 when absent (null), else the
// UTF-8 length plus the NUL.
inline quint32 optionalLength(const QString &s)
{
    return s.isNull() ? 0 : quint32(s.toUtf8().size() + 1);
}

inline void writeOptional(WireWriter &w, const QString &s)
{
    if (!s.isNull())
        w.cstring(s.toUtf8());
}

// Each string followed by its NUL, concatenated.
inline QByteArray encodeStringList(const QStringList &list)
{
    WireWriter w;
    for (const QString &s : list)
        w.cstring(s.toUtf8());
    return w.data();
}

} // namespace gk::vix
