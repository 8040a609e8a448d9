#include "GuestState.h"

namespace gk::vmx {
namespace {

QString recordKey(const guestinfo::GuestInfoRecord &record)
{
    if (const auto *text = std::get_if<guestinfo::TextInfo>(&record))
        return QString::number(int(text->kind));
    if (std::holds_alternative<guestinfo::NicInfoRecord>(record))
        return QStringLiteral("nics");
    if (std::holds_alternative<guestinfo::OsDetailedInfo>(record))
        return QStringLiteral("osDetailed");
    return QStringLiteral("disks");
}

// Keeps the decoded form of a guest info message (or why it did not decode).
void decodeInto(GuestState &state, const QByteArray &message)
{
    const auto decoded = guestinfo::decodeGuestInfoMessage(message);
    if (!decoded.ok()) {
        state.guestInfoErrors.append(decoded.error());
        return;
    }
    state.decodedInfo.insert(recordKey(decoded.value()), decoded.value());
}

QByteArray beforeSpace(const QByteArray &text, QByteArray *rest)
{
    const qsizetype space = text.indexOf(' ');
    if (space < 0) {
        *rest = {};
        return text;
    }
    *rest = text.mid(space + 1);
    return text.left(space);
}

} // namespace

QByteArray answerRpci(GuestState &state, const QByteArray &rawRequest)
{
    QByteArray request = rawRequest;
    // vmtoolsd sends most requests with their C string's NUL (rpcout.c).
    if (request.endsWith('\0'))
        request.chop(1);
    state.requests.append(request);

    QByteArray rest;
    const QByteArray name = beforeSpace(request, &rest);

    if (name == "tools.set.version") {
        state.toolsVersion = rest.trimmed();
        state.toolsVersionType.clear();
        return "1 ";
    }
    if (name == "tools.set.versiontype") {
        QByteArray type;
        state.toolsVersion = beforeSpace(rest.trimmed(), &type);
        state.toolsVersionType = type.trimmed();
        return "1 ";
    }
    if (name == "tools.capability.features") {
        state.features = rest;
        return "1 ";
    }
    if (name == "tools.capability.guest_conf_directory") {
        state.confDirectory = rest;
        return "1 ";
    }
    if (name.startsWith("tools.capability.") && name.size() > 17) {
        state.capabilities.insert(name.mid(17), rest);
        return "1 ";
    }
    if (name == "vmx.capability.unified_loop") {
        state.unifiedLoop = rest;
        return "1 ";
    }
    if (name == "info-set") {
        QByteArray value;
        const QByteArray key = beforeSpace(rest, &value);
        if (!key.startsWith("guestinfo.") || key.size() == 10)
            return "0 Invalid key";
        state.variables.insert(key, value);
        return "1 ";
    }
    if (name == "info-get") {
        const QByteArray key = rest.trimmed();
        const auto it = state.variables.constFind(key);
        if (it == state.variables.constEnd())
            return "0 No value found";
        return "1 " + it.value();
    }
    if (name == "SetGuestInfo") {
        // "SetGuestInfo  <kind> <data>" (services/plugins/guestInfo/guestInfoServer.c)
        qsizetype start = 0;
        while (start < rest.size() && rest.at(start) == ' ')
            ++start;
        QByteArray data;
        const QByteArray kind = beforeSpace(rest.mid(start), &data);
        bool ok = false;
        const int id = kind.toInt(&ok);
        if (!ok)
            return "0 Invalid guest info kind";
        if (state.refusedGuestInfoKinds.contains(id))
            return "0 Unsupported guest info kind";
        state.guestInfo.insert(id, data);
        // The decoder wants the bytes as sent, NUL included.
        decodeInto(state, rawRequest);
        return "1 ";
    }
    if (name == "SetGuestDiskInfo") {
        if (state.refuseDiskJson)
            return "0 Unknown command";
        decodeInto(state, rawRequest);
        return "1 ";
    }
    if (name == "tools.os.statechange.status") {
        state.stateChanges.append(rest);
        return "1 ";
    }
    if (name == "log") {
        state.logs.append(rest);
        return "1 ";
    }
    return "0 Unknown command";
}

} // namespace gk::vmx
