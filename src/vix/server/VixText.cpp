#include "VixText.h"

namespace gk::vix::server {

QByteArray frameVixReply(const VixReply &reply, bool binary)
{
    // vmtoolsd prints the 64-bit VixError with %lld and the 32-bit errno with %d.
    QByteArray out = QByteArray::number(qint64(reply.error)) + ' ' +
                     QByteArray::number(qint32(reply.additionalError)) + ' ';
    if (binary) {
        out += '#';
        out += reply.result;
        return out;
    }
    // A text result ends at its first NUL, as strlen() ends it in vmtoolsd.
    const qsizetype nul = reply.result.indexOf('\0');
    out += nul < 0 ? reply.result : reply.result.left(nul);
    out += '\0';
    return out;
}

QByteArray escapeVixXml(const QByteArray &utf8)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        switch (c) {
        case '"':
        case '%':
        case '&':
        case '\'':
        case '<':
        case '>':
            out += '%';
            out += hex[(uchar(c) >> 4) & 0xF];
            out += hex[uchar(c) & 0xF];
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace gk::vix::server
