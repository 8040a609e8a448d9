#include "VixObfuscation.h"

#include <QByteArray>

#include <cstring>

namespace gk::vix {
namespace {

// VixMsgInitializeObfuscationMapping, foundryMsg.c.
char escapeFor(char plain)
{
    switch (plain) {
    case '\\':
        return '1';
    case '\'':
        return '2';
    case '"':
        return '3';
    case ' ':
        return '4';
    case '\r':
        return '5';
    case '\n':
        return '6';
    case '\t':
        return '7';
    default:
        return 0;
    }
}

char plainFor(char escaped)
{
    static constexpr char map[] = {'\\', '\'', '"', ' ', '\r', '\n', '\t'};
    if (escaped < '1' || escaped > '7')
        return 0;
    return map[escaped - '1'];
}

int base64Value(uchar c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

bool isSpace(uchar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Base64_DecodedLength, lib/misc/base64.c.
qsizetype decodedLengthBound(const char *s, qsizetype n)
{
    qsizetype length = n / 4 * 3;
    if (length > 2) {
        if (s[n - 1] == '=')
            --length;
        if (s[n - 2] == '=')
            --length;
    }
    return length;
}

} // namespace

SecretBytes vixObfuscatePair(const SecretBytes &first, const SecretBytes &second)
{
    QByteArray packed(first.size() + second.size() + 2, '\0');
    std::memcpy(packed.data(), first.constData(), size_t(first.size()));
    std::memcpy(packed.data() + first.size() + 1, second.constData(), size_t(second.size()));
    QByteArray b64 = packed.toBase64();
    SecretBytes::wipe(packed.data(), size_t(packed.size()));

    SecretBytes out = SecretBytes::zeroed(b64.size() * 2);
    qsizetype n = 0;
    for (const char c : std::as_const(b64)) {
        if (const char e = escapeFor(c)) {
            out.data()[n++] = '\\';
            out.data()[n++] = e;
        } else {
            out.data()[n++] = c;
        }
    }
    SecretBytes::wipe(b64.data(), size_t(b64.size()));
    out.truncate(n);
    return out;
}

Decoded<VixSecretPair> vixDeobfuscatePair(const char *text, qsizetype size)
{
    // Undo the escapes into a private buffer.
    SecretBytes unescaped = SecretBytes::zeroed(size);
    qsizetype n = 0;
    for (qsizetype i = 0; i < size; ++i) {
        char c = text[i];
        if (c == '\\') {
            if (++i >= size || !(c = plainFor(text[i])))
                return bodyError(QStringLiteral("credential: bad escape in obfuscated string"));
        }
        unescaped.data()[n++] = c;
    }
    unescaped.truncate(n);

    const qsizetype bound = decodedLengthBound(unescaped.constData(), n);
    SecretBytes packed = SecretBytes::zeroed(bound);
    qsizetype out = 0;
    quint32 bits = 0;
    int nbits = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = uchar(unescaped.constData()[i]);
        if (c == '=')
            break;
        if (isSpace(c))
            continue;
        const int v = base64Value(c);
        if (v < 0)
            return bodyError(QStringLiteral("credential: obfuscated string is not base64"));
        bits = (bits << 6) | quint32(v);
        nbits += 6;
        if (nbits >= 8) {
            nbits -= 8;
            if (out >= bound)
                return bodyError(QStringLiteral("credential: base64 data longer than its text"));
            packed.data()[out++] = char((bits >> nbits) & 0xFF);
        }
    }
    packed.truncate(out);

    const char *p = packed.constData();
    const auto *nul = static_cast<const char *>(std::memchr(p, '\0', size_t(out)));
    const qsizetype firstLen = nul ? nul - p : out;
    VixSecretPair pair;
    pair.first = SecretBytes(p, firstLen);
    if (firstLen < out) {
        const char *q = p + firstLen + 1;
        const qsizetype left = out - firstLen - 1;
        const auto *nul2 = static_cast<const char *>(std::memchr(q, '\0', size_t(left)));
        pair.second = SecretBytes(q, nul2 ? nul2 - q : left);
    }
    return pair;
}

} // namespace gk::vix
