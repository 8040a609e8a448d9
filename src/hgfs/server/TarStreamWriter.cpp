#include "TarStreamWriter.h"

#include <cstring>

namespace gk::hgfs::server {

namespace {

// The ustar header layout (POSIX.1-1988; GNU tar's "ustar  " magic).
constexpr int kName = 0, kNameLen = 100;
constexpr int kMode = 100, kUid = 108, kGid = 116, kIdLen = 8;
constexpr int kSize = 124, kMtime = 136, kNumLen = 12;
constexpr int kChecksum = 148, kChecksumLen = 8;
constexpr int kTypeflag = 156;
constexpr int kLinkName = 157;
constexpr int kMagic = 257;
constexpr int kUname = 265, kGname = 297, kOwnerLen = 32;

void putBytes(char *header, int offset, int length, const QByteArray &value)
{
    memcpy(header + offset, value.constData(), size_t(std::min<qsizetype>(value.size(), length)));
}

// Octal with a NUL, as GNU tar writes it ("0000644\0"); base-256 (first
// byte 0x80, then big-endian) when the value has more digits than fit.
void putNumber(char *header, int offset, int length, qint64 value)
{
    const quint64 v = quint64(std::max<qint64>(value, 0));
    const int digits = length - 1;
    if (digits * 3 >= 64 || v < (quint64(1) << (3 * digits))) {
        quint64 rest = v;
        for (int i = digits - 1; i >= 0; --i) {
            header[offset + i] = char('0' + (rest & 7));
            rest >>= 3;
        }
        header[offset + digits] = '\0';
        return;
    }
    auto *p = reinterpret_cast<unsigned char *>(header + offset);
    quint64 rest = v;
    for (int i = length - 1; i >= 1; --i) {
        p[i] = (unsigned char)(rest & 0xff);
        rest >>= 8;
    }
    p[0] = 0x80;
}

char typeflagOf(TarEntry::Type type)
{
    switch (type) {
    case TarEntry::Type::Directory:
        return '5';
    case TarEntry::Type::Symlink:
        return '2';
    case TarEntry::Type::Hardlink:
        return '1';
    default:
        return '0';
    }
}

// One header block.
QByteArray block(const QByteArray &name, const QByteArray &linkName, char typeflag, quint32 mode,
                 qint64 size, qint64 mtime, const TarMember &owner)
{
    char h[kTarBlock] = {};
    putBytes(h, kName, kNameLen, name);
    putNumber(h, kMode, kIdLen, mode & 07777);
    putNumber(h, kUid, kIdLen, owner.uid);
    putNumber(h, kGid, kIdLen, owner.gid);
    putNumber(h, kSize, kNumLen, size);
    putNumber(h, kMtime, kNumLen, mtime);
    h[kTypeflag] = typeflag;
    putBytes(h, kLinkName, kNameLen, linkName);
    memcpy(h + kMagic, "ustar  ", 8); // GNU: "ustar " and version " \0"
    putBytes(h, kUname, kOwnerLen - 1, owner.userName);
    putBytes(h, kGname, kOwnerLen - 1, owner.groupName);
    // The checksum: the sum of the block's bytes with its own field as spaces.
    memset(h + kChecksum, ' ', kChecksumLen);
    quint32 sum = 0;
    for (qint64 i = 0; i < kTarBlock; ++i)
        sum += static_cast<unsigned char>(h[i]);
    putNumber(h, kChecksum, 7, sum); // six digits and a NUL, the space stays
    return QByteArray(h, kTarBlock);
}

// A GNU long-name ('L') or long-link ('K') record: a header, then the name
// and a NUL, padded to a block.
QByteArray longRecord(char typeflag, const QByteArray &value, const TarMember &owner)
{
    const qint64 size = value.size() + 1;
    QByteArray out = block("././@LongLink", {}, typeflag, 0, size, 0, owner);
    out += value;
    out += QByteArray(1 + tarPadding(size), '\0');
    return out;
}

} // namespace

QByteArray encodeTarHeader(const TarMember &member)
{
    QByteArray out;
    if (member.name.size() > kNameLen)
        out += longRecord('L', member.name, member);
    if (member.linkName.size() > kNameLen)
        out += longRecord('K', member.linkName, member);
    const qint64 size = member.type == TarEntry::Type::File ? member.size : 0;
    out += block(member.name.left(kNameLen), member.linkName.left(kNameLen),
                 typeflagOf(member.type), member.mode, size, member.mtime, member);
    return out;
}

QByteArray tarEndOfArchive()
{
    return QByteArray(2 * kTarBlock, '\0');
}

} // namespace gk::hgfs::server
