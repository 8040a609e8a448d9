#include "DiskInfoCodec.h"

#include "GuestInfoMessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

namespace gk::guestinfo::DiskInfoCodec {

namespace {

const QByteArray kJsonCommand = QByteArrayLiteral("SetGuestDiskInfo ");

QByteArray cString(const QByteArray &value, qsizetype fieldSize)
{
    QByteArray s = value.left(value.contains('\0') ? value.indexOf('\0') : value.size());
    s.truncate(fieldSize - 1);
    return s;
}

// True when the bytes can sit between JSON quotes unescaped.
bool jsonSafe(const QByteArray &s)
{
    for (char c : s) {
        if (c == '"' || c == '\\' || uchar(c) < 0x20)
            return false;
    }
    return true;
}

QByteArray diskJson(const DiskPartition &p)
{
    QByteArray out = "{\"name\":\"" + cString(p.name, kNameSize).toBase64() + "\",\"free\":\"" +
                     QByteArray::number(p.freeBytes) + "\",\"size\":\"" +
                     QByteArray::number(p.totalBytes) + '"';
    const QByteArray fsType = cString(p.fsType, kFsTypeSize);
    if (!fsType.isEmpty() && jsonSafe(fsType))
        out += ",\"fstype\":\"" + fsType + '"';
    const QByteArray uuid = cString(p.uuid, kNameSize);
    if (!uuid.isEmpty() && jsonSafe(uuid))
        out += ",\"uuid\":\"" + uuid + '"';
    QList<QByteArray> devices;
    for (const auto &d : p.devices) {
        const QByteArray name = cString(d, kDeviceNameSize);
        // GuestInfoGetDiskDevice reports no devices when one is unknown.
        if (name.isEmpty() || !jsonSafe(name)) {
            devices.clear();
            break;
        }
        devices.append(name);
    }
    if (!devices.isEmpty())
        out += ",\"devices\":[\"" + devices.join("\",\"") + "\"]";
    return out;
}

bool readUint64String(const QJsonValue &v, quint64 &out)
{
    if (!v.isString())
        return false;
    bool ok = false;
    const QString s = v.toString();
    if (s.isEmpty() || s.front() == QLatin1Char('+') || s.front() == QLatin1Char('-'))
        return false;
    out = s.toULongLong(&ok, 10);
    return ok;
}

} // namespace

QByteArray encodeJsonMessage(const QList<DiskPartition> &partitions, qsizetype *sent)
{
    const QByteArray header = kJsonCommand + "{\n\"version\":\"1\",\n\"disks\":[\n";
    const QByteArray suffix = "]}";
    QByteArray body;
    qsizetype kept = 0;
    for (const auto &p : partitions) {
        // The separator goes before every disk but the first; "}\n" closes the last.
        const QByteArray piece = (kept ? QByteArray("},\n") : QByteArray()) + diskJson(p);
        if (header.size() + body.size() + piece.size() + 2 + suffix.size() + 1 >
            GuestInfoMessage::kMaxMessageSize)
            break;
        body += piece;
        ++kept;
    }
    if (kept)
        body += "}\n";
    if (sent)
        *sent = kept;
    QByteArray message = header + body + suffix;
    message.append('\0');
    return message;
}

CodecResult<QList<DiskPartition>> decodeJsonMessage(const QByteArray &message)
{
    using Result = CodecResult<QList<DiskPartition>>;
    if (message.size() > GuestInfoMessage::kMaxMessageSize)
        return Result::failure(QStringLiteral("disk info message over the 64 KiB limit"));
    if (!message.startsWith(kJsonCommand))
        return Result::failure(QStringLiteral("not a SetGuestDiskInfo message"));
    QByteArray json = message.mid(kJsonCommand.size());
    if (json.endsWith('\0'))
        json.chop(1);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Result::failure(QStringLiteral("disk info: bad JSON: %1").arg(error.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")) != QJsonValue(QStringLiteral("1")))
        return Result::failure(QStringLiteral("disk info: version is not \"1\""));
    const QJsonValue disks = root.value(QLatin1String("disks"));
    if (!disks.isArray())
        return Result::failure(QStringLiteral("disk info: no disks array"));
    QList<DiskPartition> out;
    for (const QJsonValue &d : disks.toArray()) {
        const QJsonObject o = d.toObject();
        DiskPartition p;
        const QJsonValue name = o.value(QLatin1String("name"));
        const auto decoded = QByteArray::fromBase64Encoding(
            name.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!d.isObject() || !name.isString() || !decoded)
            return Result::failure(QStringLiteral("disk info: disk without a base64 name"));
        p.name = *decoded;
        if (!readUint64String(o.value(QLatin1String("free")), p.freeBytes) ||
            !readUint64String(o.value(QLatin1String("size")), p.totalBytes))
            return Result::failure(QStringLiteral("disk info: bad free/size"));
        const QJsonValue fsType = o.value(QLatin1String("fstype"));
        const QJsonValue uuid = o.value(QLatin1String("uuid"));
        const QJsonValue devices = o.value(QLatin1String("devices"));
        if ((!fsType.isUndefined() && !fsType.isString()) ||
            (!uuid.isUndefined() && !uuid.isString()) ||
            (!devices.isUndefined() && !devices.isArray()))
            return Result::failure(QStringLiteral("disk info: bad fstype/uuid/devices"));
        p.fsType = fsType.toString().toUtf8();
        p.uuid = uuid.toString().toUtf8();
        for (const QJsonValue &dev : devices.toArray()) {
            if (!dev.isString())
                return Result::failure(QStringLiteral("disk info: device is not a string"));
            p.devices.append(dev.toString().toUtf8());
        }
        out.append(p);
    }
    return Result::success(out);
}

QByteArray encodeV0Message(const QList<DiskPartition> &partitions)
{
    const int count = int(qMin<qsizetype>(partitions.size(), kMaxV0Partitions));
    QByteArray payload(1 + count * kPartitionEntrySize + 2, '\0');
    payload[0] = char(uchar(count));
    for (int i = 0; i < count; ++i) {
        char *entry = payload.data() + 1 + i * kPartitionEntrySize;
        qToLittleEndian(partitions[i].freeBytes, entry);
        qToLittleEndian(partitions[i].totalBytes, entry + 8);
        const QByteArray name = cString(partitions[i].name, kNameSize);
        memcpy(entry + 16, name.constData(), size_t(name.size()));
    }
    return GuestInfoMessage::binary(GuestInfoKind::DiskFreeSpace, payload);
}

CodecResult<QList<DiskPartition>> decodeV0Payload(const QByteArray &payload)
{
    using Result = CodecResult<QList<DiskPartition>>;
    if (payload.isEmpty())
        return Result::failure(QStringLiteral("disk info V0: no partition count"));
    const int count = uchar(payload[0]);
    if (payload.size() < 1 + count * kPartitionEntrySize)
        return Result::failure(
            QStringLiteral("disk info V0: %1 partitions need %2 bytes, %3 present")
                .arg(count)
                .arg(1 + count * kPartitionEntrySize)
                .arg(payload.size()));
    QList<DiskPartition> out;
    for (int i = 0; i < count; ++i) {
        const char *entry = payload.constData() + 1 + i * kPartitionEntrySize;
        DiskPartition p;
        p.freeBytes = qFromLittleEndian<quint64>(entry);
        p.totalBytes = qFromLittleEndian<quint64>(entry + 8);
        const QByteArray name(entry + 16, kNameSize);
        const qsizetype nul = name.indexOf('\0');
        if (nul < 0)
            return Result::failure(QStringLiteral("disk info V0: name without NUL"));
        p.name = name.left(nul);
        out.append(p);
    }
    return Result::success(out);
}

} // namespace gk::guestinfo::DiskInfoCodec
