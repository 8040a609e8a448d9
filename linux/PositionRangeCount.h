#pragma once

#include <QtGlobal>

#include <functional>
#include <optional>
#include <vector>

namespace gk::platform::linuxos {

// A test of one entry name; each counting thread makes its own.
using NameTest = std::function<bool(const char *name)>;

// Counts the entries of a large directory (".." and "." not included) over
// several threads, each reading one range of stream positions on its own
// descriptor. Nearly all of a listing's cost is the kernel's, per name, so
// this beats one pass on several CPUs. Two file systems have positions that
// allow it:
// - ext4, an indexed directory: listed in hash order, and the positions are
//   the name hashes (fs/ext4/dir.c hash2pos: ((major >> 1) << 32) | minor),
//   from 0 to 2^63 - 1 (EXT4_HTREE_EOF_64BIT).
// - XFS, a directory in leaf or node form: listed in the order of its data
//   blocks, and the positions are byte offsets in them divided by 8
//   (fs/xfs/libxfs/xfs_dir2_priv.h xfs_dir2_byte_to_dataptr), below the
//   directory's size / 8; a position inside an entry or a freed block reads
//   from the next entry on (fs/xfs/xfs_dir2_readdir.c).
// On both, a descriptor set with lseek to a position reads the entries from
// that position on, so disjoint ranges cover every entry once.
//
// nullopt when the directory is small, on another file system, not indexed,
// the positions turn out not to run in order, or a descriptor or thread
// cannot be had: the caller then counts in one pass. The calling thread's
// identity reopens the directory; `dirFd` is left where it was. An empty
// `makeTest` (or an empty test) counts every name.
std::optional<qint64> countByPositionRanges(int dirFd, const std::function<NameTest()> &makeTest);

// The same over ranges given by their starts (0 first, then ascending; the
// last range runs to the end), on any file system whose positions run in
// order: any starts give the same count, which is what the tests check.
std::optional<qint64> countOverRanges(int dirFd, const std::vector<qint64> &starts,
                                      const std::function<NameTest()> &makeTest);

} // namespace gk::platform::linuxos
