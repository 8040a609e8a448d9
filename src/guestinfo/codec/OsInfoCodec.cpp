#include "OsInfoCodec.h"

#include "GuestInfoMessage.h"

#include <QtEndian>

namespace gk::guestinfo {

QList<QPair<QByteArray, QByteArray>> OsDetailedFields::named() const
{
    return {
        {"architecture", architecture},
        {"bitness", bitness},
        {"buildNumber", buildNumber},
        {"cpeString", cpeString},
        {"distroAddlVersion", distroAddlVersion},
        {"distroName", distroName},
        {"distroVersion", distroVersion},
        {"familyName", familyName},
        {"kernelVersion", kernelVersion},
        {"prettyName", prettyName},
    };
}

namespace OsInfoCodec {

namespace {

bool isCSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Copies a C string into a fixed field, leaving room for its NUL.
void putFixedString(QByteArray &out, qsizetype offset, const QByteArray &value, qsizetype size)
{
    QByteArray s = value.left(value.contains('\0') ? value.indexOf('\0') : value.size());
    s.truncate(size - 1);
    out.replace(offset, s.size(), s);
}

QByteArray fixedString(const QByteArray &payload, qsizetype offset, qsizetype size)
{
    const QByteArray field = payload.mid(offset, size);
    const qsizetype nul = field.indexOf('\0');
    return nul < 0 ? QByteArray() : field.left(nul);
}

} // namespace

QByteArray formatDetailedData(const OsDetailedFields &fields)
{
    QByteArray out;
    for (const auto &[name, value] : fields.named()) {
        // vmtoolsd's fields are C strings: a NUL ends the value.
        const QByteArray v = value.left(value.contains('\0') ? value.indexOf('\0') : value.size());
        if (v.isEmpty())
            continue;
        QByteArray escaped;
        for (char c : v) {
            if (c == '\'' || c == '\\')
                escaped.append('\\');
            escaped.append(c);
        }
        while (!escaped.isEmpty() && isCSpace(escaped.back()))
            escaped.chop(1);
        const QByteArray field = name + "='" + escaped + '\'';
        if (field.size() >= kMaxFieldLen)
            return {};
        if (!out.isEmpty())
            out.append(' ');
        out.append(field);
    }
    return out;
}

CodecResult<QList<QPair<QByteArray, QByteArray>>> parseDetailedData(const QByteArray &data)
{
    using Result = CodecResult<QList<QPair<QByteArray, QByteArray>>>;
    QList<QPair<QByteArray, QByteArray>> pairs;
    const char *d = data.constData();
    qsizetype pos = 0;
    const qsizetype n = data.size();
    while (pos < n) {
        if (d[pos] == ' ') {
            ++pos;
            continue;
        }
        const qsizetype eq = data.indexOf("='", pos);
        if (eq <= pos)
            return Result::failure(
                QStringLiteral("detailed data: expected name='value' at %1").arg(pos));
        const QByteArray name = data.mid(pos, eq - pos);
        if (name.contains(' '))
            return Result::failure(QStringLiteral("detailed data: malformed name at %1").arg(pos));
        QByteArray value;
        pos = eq + 2;
        bool closed = false;
        while (pos < n) {
            const char c = d[pos++];
            if (c == '\\' && pos < n) {
                value.append(d[pos++]);
            } else if (c == '\'') {
                closed = true;
                break;
            } else {
                value.append(c);
            }
        }
        if (!closed)
            return Result::failure(QStringLiteral("detailed data: unterminated value of %1")
                                       .arg(QString::fromUtf8(name)));
        pairs.append({name, value});
    }
    return Result::success(pairs);
}

QByteArray encodeOsDetailedMessage(const OsDetailedInfo &info)
{
    QByteArray payload(kHeaderSize, '\0');
    qToLittleEndian(info.version, payload.data());
    putFixedString(payload, 4, info.shortName, kShortNameSize);
    putFixedString(payload, 4 + kShortNameSize, info.fullName, kFullNameSize);
    QByteArray data = info.detailedData;
    if (data.contains('\0'))
        data.truncate(data.indexOf('\0'));
    data.truncate(kMaxDetailedLen - 1);
    payload.append(data);
    payload.append('\0');
    return GuestInfoMessage::binary(GuestInfoKind::OsDetailed, payload);
}

CodecResult<OsDetailedInfo> decodeOsDetailedPayload(const QByteArray &payload)
{
    using Result = CodecResult<OsDetailedInfo>;
    if (payload.size() < kHeaderSize)
        return Result::failure(QStringLiteral("OS detailed data: %1 bytes, the header needs %2")
                                   .arg(payload.size())
                                   .arg(kHeaderSize));
    OsDetailedInfo info;
    info.version = qFromLittleEndian<quint32>(payload.constData());
    if (info.version != 1)
        return Result::failure(
            QStringLiteral("OS detailed data: header version %1 is not 1").arg(info.version));
    if (payload.mid(4, kShortNameSize).indexOf('\0') < 0 ||
        payload.mid(4 + kShortNameSize, kFullNameSize).indexOf('\0') < 0)
        return Result::failure(QStringLiteral("OS detailed data: name without NUL"));
    info.shortName = fixedString(payload, 4, kShortNameSize);
    info.fullName = fixedString(payload, 4 + kShortNameSize, kFullNameSize);
    QByteArray data = payload.mid(kHeaderSize);
    const qsizetype nul = data.indexOf('\0');
    if (nul < 0)
        return Result::failure(QStringLiteral("OS detailed data: string without NUL"));
    data.truncate(nul);
    if (data.size() >= kMaxDetailedLen)
        return Result::failure(QStringLiteral("OS detailed data: string over the limit"));
    info.detailedData = data;
    return Result::success(info);
}

} // namespace OsInfoCodec

} // namespace gk::guestinfo
