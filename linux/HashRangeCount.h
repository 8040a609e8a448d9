#pragma once

#include <QtGlobal>

#include <functional>
#include <optional>

namespace gk::platform::linuxos {

// A test of one entry name; each counting thread makes its own.
using NameTest = std::function<bool(const char *name)>;

// Counts the entries of a large indexed ext4 directory (".." and "." not
// included) over several threads, each reading one range of name hashes.
//
// ext4 lists an indexed directory in hash order, and its stream positions
// are the hashes (fs/ext4/dir.c hash2pos: ((major >> 1) << 32) | minor), so a
// descriptor set with lseek to a hash reads the names from that hash on, and
// disjoint hash ranges read on their own descriptors cover every name once.
// The kernel's per-name work (hashing each name, sorting a block) is nearly
// all of a listing's cost, which is how this beats one pass on several CPUs.
//
// nullopt when the directory is small, not on ext4, not indexed, the
// positions turn out not to run in order, or a descriptor or thread cannot
// be had: the caller then counts in one pass. The calling thread's
// identity reopens the directory; `dirFd` is left where it was. An empty
// `makeTest` (or an empty test) counts every name.
std::optional<qint64> countByHashRanges(int dirFd, const std::function<NameTest()> &makeTest);

} // namespace gk::platform::linuxos
