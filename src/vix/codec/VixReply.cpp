#include "VixReply.h"

namespace gk::vix {

QByteArray VixReply::encode(VixError error, quint32 additionalError, const QByteArray &result,
                            bool binary)
{
    QByteArray payload = result;
    if (!binary) {
        const qsizetype nul = payload.indexOf('\0');
        if (nul >= 0)
            payload.truncate(nul);
    }
    if (payload.size() > kVixMaxResultSize) {
        error = VixErr::OutOfMemory;
        payload.clear();
    }
    QByteArray out =
        QByteArray::number(qint64(error)) + ' ' + QByteArray::number(qint32(additionalError)) + ' ';
    if (binary)
        out.append('#');
    out.append(payload);
    if (!binary)
        out.append('\0');
    return out;
}

Decoded<VixReply> VixReply::decode(const QByteArray &body, bool binary)
{
    const qsizetype sp1 = body.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : body.indexOf(' ', sp1 + 1);
    if (sp2 < 0)
        return bodyError(QStringLiteral("reply lacks '<error> <additional> '"));
    bool ok1 = false;
    bool ok2 = false;
    VixReply r;
    r.error = VixError(body.left(sp1).toLongLong(&ok1));
    r.additionalError = quint32(body.mid(sp1 + 1, sp2 - sp1 - 1).toInt(&ok2));
    if (!ok1 || !ok2)
        return bodyError(QStringLiteral("reply error fields are not numbers"));
    qsizetype pos = sp2 + 1;
    if (binary) {
        if (pos >= body.size() || body.at(pos) != '#')
            return bodyError(QStringLiteral("binary reply lacks '#'"));
        r.result = body.mid(pos + 1);
    } else {
        const qsizetype nul = body.indexOf('\0', pos);
        r.result = body.mid(pos, nul < 0 ? -1 : nul - pos);
    }
    return r;
}

quint32 vixAdditionalError(quint32 opCode, VixError error, quint32 osError)
{
    switch (opCode) {
    case VixOp::CreateRegistryKey:
    case VixOp::ListRegistryKeys:
    case VixOp::DeleteRegistryKey:
    case VixOp::SetRegistryValue:
    case VixOp::ListRegistryValues:
    case VixOp::DeleteRegistryValue:
        return vixExtraError(error);
    default:
        return osError;
    }
}

} // namespace gk::vix
