#include "VixBodyParser.h"

#include <cstring>

namespace gk::vix {

VixBodyParser::VixBodyParser(const QByteArray &body, quint32 fixedSize, const char *what)
    : m_what(what)
{
    if (quint64(body.size()) < fixedSize) {
        fail(VixErr::InvalidMessageHeader,
             QStringLiteral("%1: body of %2 bytes is shorter than its fixed part (%3)")
                 .arg(QLatin1String(what))
                 .arg(body.size())
                 .arg(fixedSize));
        return;
    }
    m_fixed = WireReader(body, 0, qsizetype(fixedSize));
    m_var = WireReader(body, qsizetype(fixedSize), body.size());
}

bool VixBodyParser::fail(VixError code, const QString &reason)
{
    if (!m_error)
        m_error = DecodeError{code, reason};
    m_var.fail();
    return false;
}

void VixBodyParser::refuse(VixError code, const QString &reason)
{
    fail(code, QStringLiteral("%1: %2").arg(QLatin1String(m_what), reason));
}

bool VixBodyParser::isValidUtf8(const char *data, qsizetype size)
{
    // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
    const auto *s = reinterpret_cast<const uchar *>(data);
    qsizetype i = 0;
    while (i < size) {
        const uchar c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra;
        quint32 cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (size - i <= extra)
            return false;
        for (int k = 1; k <= extra; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        static constexpr quint32 minimum[] = {0, 0x80, 0x800, 0x10000};
        if (cp < minimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

std::optional<QString> VixBodyParser::utf8(const QByteArray &bytes)
{
    if (!isValidUtf8(bytes.constData(), bytes.size()))
        return std::nullopt;
    return QString::fromUtf8(bytes);
}

QString VixBodyParser::string(quint32 length)
{
    if (m_error)
        return {};
    const quint64 withNul = quint64(length) + 1;
    if (!m_var.has(withNul)) {
        fail(VixErr::InvalidMessageBody, QStringLiteral("%1: string of %2 bytes runs past the body")
                                             .arg(QLatin1String(m_what))
                                             .arg(withNul));
        return {};
    }
    const char *p = m_var.peek();
    if (p[length] != '\0' || std::memchr(p, '\0', length) != nullptr) {
        fail(VixErr::InvalidMessageBody,
             QStringLiteral("%1: string is not NUL-terminated at its declared length %2")
                 .arg(QLatin1String(m_what))
                 .arg(length));
        return {};
    }
    const QByteArray raw = m_var.bytes(length);
    m_var.skip(1);
    const auto text = utf8(raw);
    if (!text) {
        fail(VixErr::InvalidUtf8String,
             QStringLiteral("%1: string is not UTF-8").arg(QLatin1String(m_what)));
        return {};
    }
    // A present but empty string stays distinguishable from an absent one.
    return text->isNull() ? QStringLiteral("") : *text;
}

QString VixBodyParser::optionalString(quint32 lengthWithNul)
{
    if (m_error || lengthWithNul == 0)
        return {};
    return string(lengthWithNul - 1);
}

QStringList VixBodyParser::stringArray(quint32 count, quint32 length)
{
    QStringList out;
    if (m_error || count == 0)
        return out;
    if (!m_var.has(length)) {
        fail(VixErr::InvalidMessageBody,
             QStringLiteral("%1: string list of %2 bytes runs past the body")
                 .arg(QLatin1String(m_what))
                 .arg(length));
        return out;
    }
    WireReader list = m_var.take(length);
    for (quint32 i = 0; i < count; ++i) {
        const char *p = list.peek();
        const void *nul =
            list.remaining() > 0 ? std::memchr(p, '\0', size_t(list.remaining())) : nullptr;
        if (!nul) {
            fail(VixErr::InvalidMessageBody,
                 QStringLiteral("%1: string %2 of %3 is not NUL-terminated in the list")
                     .arg(QLatin1String(m_what))
                     .arg(i)
                     .arg(count));
            return {};
        }
        const auto len = qsizetype(static_cast<const char *>(nul) - p);
        const auto text = utf8(list.bytes(quint64(len)));
        list.skip(1);
        if (!text) {
            fail(VixErr::InvalidUtf8String,
                 QStringLiteral("%1: list string is not UTF-8").arg(QLatin1String(m_what)));
            return {};
        }
        out.append(text->isNull() ? QStringLiteral("") : *text);
    }
    if (!list.atEnd()) {
        fail(VixErr::InvalidMessageBody,
             QStringLiteral("%1: string list has trailing bytes").arg(QLatin1String(m_what)));
        return {};
    }
    return out;
}

QByteArray VixBodyParser::data(quint64 length)
{
    if (m_error)
        return {};
    if (!m_var.has(length)) {
        fail(VixErr::InvalidMessageBody, QStringLiteral("%1: %2 bytes of data run past the body")
                                             .arg(QLatin1String(m_what))
                                             .arg(length));
        return {};
    }
    return m_var.bytes(length);
}

QByteArray VixBodyParser::rest()
{
    if (m_error)
        return {};
    return m_var.bytes(quint64(m_var.remaining()));
}

} // namespace gk::vix
