#include "TarStreamReader.h"

#include <QIODevice>

#include <cstring>

namespace gk::hgfs::server {

namespace {

constexpr qint64 kBlock = 512;
// A long name or pax record larger than this is not an archive we serve.
constexpr qint64 kMaxMetaSize = 1024 * 1024;

QByteArray field(const char *header, int offset, int length)
{
    const char *p = header + offset;
    const void *nul = memchr(p, 0, size_t(length));
    return QByteArray(p, nul ? int(static_cast<const char *>(nul) - p) : length);
}

// An octal number (NUL/space padded), or GNU base-256 when the top bit of
// the first byte is set.
std::optional<qint64> number(const char *header, int offset, int length)
{
    const auto *p = reinterpret_cast<const unsigned char *>(header + offset);
    if (p[0] & 0x80) {
        quint64 v = p[0] & 0x3f;
        for (int i = 1; i < length; ++i) {
            if (v >> 55)
                return std::nullopt;
            v = (v << 8) | p[i];
        }
        if ((p[0] & 0x40) || v > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt; // negative or too large
        return qint64(v);
    }
    qint64 v = 0;
    int i = 0;
    while (i < length && (p[i] == ' ' || p[i] == 0))
        ++i;
    bool any = false;
    for (; i < length && p[i] >= '0' && p[i] <= '7'; ++i) {
        if (v > (std::numeric_limits<qint64>::max() >> 3))
            return std::nullopt;
        v = v * 8 + (p[i] - '0');
        any = true;
    }
    for (; i < length; ++i)
        if (p[i] != ' ' && p[i] != 0)
            return std::nullopt;
    return any ? v : 0;
}

bool checksumMatches(const char *header)
{
    const std::optional<qint64> stored = number(header, 148, 8);
    if (!stored)
        return false;
    qint64 unsignedSum = 0;
    qint64 signedSum = 0;
    for (int i = 0; i < kBlock; ++i) {
        const bool inField = i >= 148 && i < 156;
        unsignedSum += inField ? ' ' : static_cast<unsigned char>(header[i]);
        signedSum += inField ? ' ' : static_cast<signed char>(header[i]);
    }
    return *stored == unsignedSum || *stored == signedSum;
}

bool allZero(const char *block)
{
    for (int i = 0; i < kBlock; ++i)
        if (block[i])
            return false;
    return true;
}

TarEntry::Type typeOf(char flag)
{
    switch (flag) {
    case '0':
    case '\0':
    case '7':
        return TarEntry::Type::File;
    case '1':
        return TarEntry::Type::Hardlink;
    case '2':
        return TarEntry::Type::Symlink;
    case '3':
        return TarEntry::Type::CharDevice;
    case '4':
        return TarEntry::Type::BlockDevice;
    case '5':
        return TarEntry::Type::Directory;
    case '6':
        return TarEntry::Type::Fifo;
    default:
        return TarEntry::Type::Other;
    }
}

} // namespace

bool TarStreamReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1 (at byte %2 of the tar stream)").arg(message).arg(m_position);
    m_done = true;
    return false;
}

bool TarStreamReader::readExactly(char *buffer, qint64 size, bool allowCleanEnd, bool *cleanEnd)
{
    qint64 got = 0;
    while (got < size) {
        const qint64 n = m_in.read(buffer + got, size - got);
        if (n < 0)
            return fail(m_in.errorString().isEmpty() ? QStringLiteral("read error")
                                                     : m_in.errorString());
        if (n == 0) {
            // The devices read here block until data comes, so 0 is the end.
            if (got == 0 && allowCleanEnd && cleanEnd) {
                *cleanEnd = true;
                return false;
            }
            return fail(QStringLiteral("the archive is truncated"));
        }
        got += n;
        m_position += n;
    }
    return true;
}

bool TarStreamReader::skip(qint64 size)
{
    char buffer[16 * 1024];
    while (size > 0) {
        const qint64 n = std::min<qint64>(size, sizeof buffer);
        if (!readExactly(buffer, n, false))
            return false;
        size -= n;
    }
    return true;
}

bool TarStreamReader::finishEntry()
{
    if (!skip(m_dataLeft + m_padding))
        return false;
    m_dataLeft = 0;
    m_padding = 0;
    return true;
}

QByteArray TarStreamReader::readData(qint64 max)
{
    if (m_done || m_dataLeft <= 0 || max <= 0)
        return {};
    QByteArray out(int(std::min(max, m_dataLeft)), Qt::Uninitialized);
    if (!readExactly(out.data(), out.size(), false))
        return {};
    m_dataLeft -= out.size();
    return out;
}

std::optional<TarEntry> TarStreamReader::next()
{
    if (m_done || !finishEntry())
        return std::nullopt;
    QByteArray longName, longLink;
    std::optional<QByteArray> paxPath, paxLink;
    std::optional<qint64> paxSize, paxMtime;
    char header[kBlock];
    while (true) {
        bool cleanEnd = false;
        if (!readExactly(header, kBlock, true, &cleanEnd)) {
            if (cleanEnd)
                m_done = true;
            return std::nullopt;
        }
        if (allZero(header)) {
            // The end-of-archive marker; what follows (a second zero block,
            // padding, govmomi's gzip trailer) is not read.
            m_done = true;
            return std::nullopt;
        }
        if (!checksumMatches(header)) {
            fail(QStringLiteral("not a tar archive (header checksum mismatch)"));
            return std::nullopt;
        }
        const std::optional<qint64> size = number(header, 124, 12);
        const std::optional<qint64> mode = number(header, 100, 8);
        const std::optional<qint64> mtime = number(header, 136, 12);
        if (!size || !mode || !mtime) {
            fail(QStringLiteral("a tar header has an invalid number"));
            return std::nullopt;
        }
        const char flag = header[156];
        const qint64 padded = (*size + kBlock - 1) / kBlock * kBlock;
        if (flag == 'L' || flag == 'K' || flag == 'x' || flag == 'g') {
            if (*size > kMaxMetaSize) {
                fail(QStringLiteral("a tar metadata record of %1 bytes").arg(*size));
                return std::nullopt;
            }
            QByteArray meta(int(*size), Qt::Uninitialized);
            if (!readExactly(meta.data(), meta.size(), false) || !skip(padded - *size))
                return std::nullopt;
            if (flag == 'L' || flag == 'K') {
                const qsizetype nul = meta.indexOf('\0');
                (flag == 'L' ? longName : longLink) = nul < 0 ? meta : meta.left(nul);
            } else if (flag == 'x') {
                // "<length> <key>=<value>\n" records (POSIX pax).
                qsizetype at = 0;
                while (at < meta.size()) {
                    const qsizetype space = meta.indexOf(' ', at);
                    bool ok = false;
                    const qint64 len = space < 0 ? 0 : meta.mid(at, space - at).toLongLong(&ok);
                    if (!ok || len <= space - at + 1 || at + len > meta.size()) {
                        fail(QStringLiteral("a malformed pax record"));
                        return std::nullopt;
                    }
                    const QByteArray record = meta.mid(space + 1, len - (space - at) - 2);
                    const qsizetype eq = record.indexOf('=');
                    const QByteArray key = record.left(eq);
                    const QByteArray value = eq < 0 ? QByteArray() : record.mid(eq + 1);
                    if (key == "path")
                        paxPath = value;
                    else if (key == "linkpath")
                        paxLink = value;
                    else if (key == "size")
                        paxSize = value.toLongLong();
                    else if (key == "mtime")
                        paxMtime = qint64(value.toDouble());
                    at += len;
                }
            }
            continue;
        }
        TarEntry e;
        e.typeflag = flag;
        e.type = typeOf(flag);
        const QByteArray prefix = memcmp(header + 257, "ustar", 5) == 0 && header[263] == '0'
                                      ? field(header, 345, 155)
                                      : QByteArray();
        const QByteArray name = field(header, 0, 100);
        e.name = paxPath               ? *paxPath
                 : !longName.isEmpty() ? longName
                 : prefix.isEmpty()    ? name
                                       : prefix + '/' + name;
        e.linkName = paxLink ? *paxLink : !longLink.isEmpty() ? longLink : field(header, 157, 100);
        e.mode = quint32(*mode & 07777);
        e.mtime = paxMtime.value_or(*mtime);
        const qint64 dataSize = paxSize.value_or(*size);
        if (dataSize < 0) {
            fail(QStringLiteral("a negative entry size"));
            return std::nullopt;
        }
        // Only regular files carry data that is extracted; any other member's
        // data (there should be none) is skipped.
        e.size = e.type == TarEntry::Type::File ? dataSize : 0;
        m_dataLeft = dataSize;
        m_padding = (dataSize + kBlock - 1) / kBlock * kBlock - dataSize;
        return e;
    }
}

} // namespace gk::hgfs::server
