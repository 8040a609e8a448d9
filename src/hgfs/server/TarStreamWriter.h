#pragma once

#include "TarStreamReader.h"

#include <QByteArray>

namespace gk::hgfs::server {

// One member to write: TarEntry's fields and the owner.
struct TarMember
{
    TarEntry::Type type = TarEntry::Type::File; // File, Directory, Symlink or Hardlink
    QByteArray name;                            // directories end with '/'
    QByteArray linkName;                        // symlink target / hard link source
    quint32 mode = 0;                           // permission bits (07777)
    qint64 size = 0;                            // data bytes that follow (File only)
    qint64 mtime = 0;                           // seconds since the epoch (before 1970: 0)
    qint64 uid = 0;
    qint64 gid = 0;
    QByteArray userName;  // at most 31 bytes are kept
    QByteArray groupName; // at most 31 bytes are kept
};

inline constexpr qint64 kTarBlock = 512;

// The header blocks of one member, in the GNU format GNU tar and KTar write
// (TarStreamReader reads them back): a long-name record ('L', name
// "././@LongLink") before it when the name is over 100 bytes, a long-link
// record ('K') when the link is; numbers in octal, and in base-256 where
// octal does not fit (a size of 8 GiB or more, ids of 2^21 or more). Pure:
// no I/O. The member's data follows, then tarPadding(size) zero bytes.
QByteArray encodeTarHeader(const TarMember &member);

// The zero bytes that fill the last block of `size` data bytes.
inline qint64 tarPadding(qint64 size)
{
    return (kTarBlock - size % kTarBlock) % kTarBlock;
}

// The end-of-archive marker: two zero blocks.
QByteArray tarEndOfArchive();

} // namespace gk::hgfs::server
