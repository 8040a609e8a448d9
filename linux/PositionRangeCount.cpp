#include "PositionRangeCount.h"

#include "DirentStream.h"
#include "UniqueFd.h"

#include <QByteArray>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <algorithm>
#include <limits>
#include <system_error>
#include <thread>

namespace gk::platform::linuxos {
namespace {

constexpr decltype(statfs::f_type) kExt4Magic = 0xEF53;    // linux/magic.h EXT4_SUPER_MAGIC
constexpr decltype(statfs::f_type) kXfsMagic = 0x58465342; // linux/magic.h XFS_SUPER_MAGIC
// Below this directory size (~8,000 short names) one pass takes about a
// millisecond, not worth the threads.
constexpr off_t kMinDirectoryBytes = 256 * 1024;
constexpr unsigned kMaxParts = 8;
// XFS hands out positions of 31 bits (xfs_dir2_readdir.c masks them with
// 0x7fffffff): a directory whose data runs past 16 GiB is not split.
constexpr qint64 kXfsLastPosition = 0x7fffffff;

struct Part
{
    UniqueFd fd;
    qint64 from = 0;
    qint64 to = -1; // first position not in the range; -1: to the end
    qint64 count = 0;
    bool ok = false;
};

// Whether the entry `name`, the first a part read after seeking to its
// start, stands at or past the part's end (then the next part counts it).
// getdents gives each entry the position of the one after it, so the first
// entry's own position is known only to lie at or past the seek; when the
// entry after it is already past the end, the first entry a descriptor
// sought to the end reads tells: the same name (names are unique in a
// directory) if and only if it stands there too.
std::optional<bool> firstIsPastEnd(const Part &part, const QByteArray &name)
{
    UniqueFd probe(::openat(part.fd.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!probe.isValid())
        return std::nullopt;
    DirentStream stream(probe.get(), 4096);
    if (!stream.seek(part.to))
        return std::nullopt;
    DirentStream::Entry entry;
    if (!stream.next(&entry))
        return stream.error() == 0 ? std::optional<bool>(false) : std::nullopt;
    return name == entry.name;
}

void countPart(Part &part, const std::function<NameTest()> &makeTest)
{
    DirentStream stream(part.fd.get());
    if (part.from != 0 && !stream.seek(part.from))
        return;
    const NameTest test = makeTest ? makeTest() : NameTest();
    // The first entry after a seek waits for the next one's position.
    bool firstPending = false;
    bool firstMatches = false;
    QByteArray firstName;
    const auto settleFirst = [&](qint64 nextPosition) {
        if (!firstPending)
            return true;
        firstPending = false;
        if (nextPosition < part.to) {
            part.count += firstMatches ? 1 : 0;
            return true;
        }
        const std::optional<bool> past = firstIsPastEnd(part, firstName);
        if (!past)
            return false;
        part.count += !*past && firstMatches ? 1 : 0;
        return true;
    };
    DirentStream::Entry entry;
    qint64 last = part.from;
    bool first = true;
    while (stream.next(&entry)) {
        if (entry.position < last)
            return; // not in order after all: the ranges mean nothing
        if (!settleFirst(entry.position))
            return;
        if (part.to >= 0 && entry.position >= part.to) {
            part.ok = true;
            return;
        }
        last = entry.position;
        const bool matches = !test || test(entry.name);
        if (first && part.from != 0 && part.to >= 0) {
            firstPending = true;
            firstMatches = matches;
            firstName = entry.name;
        } else if (matches) {
            ++part.count;
        }
        first = false;
    }
    part.ok = stream.error() == 0 && settleFirst(std::numeric_limits<qint64>::max());
}

// One past the last position the directory's entries can have, when its
// file system lists it in position order and it is worth splitting.
std::optional<qint64> positionEnd(int dirFd)
{
    struct statfs fs;
    struct stat st;
    if (::fstatfs(dirFd, &fs) != 0 || ::fstat(dirFd, &st) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_size < kMinDirectoryBytes)
        return std::nullopt;
    if (fs.f_type == kExt4Magic) {
        int flags = 0;
        if (::ioctl(dirFd, FS_IOC_GETFLAGS, &flags) != 0 || (flags & FS_INDEX_FL) == 0)
            return std::nullopt; // a linear directory: positions are block offsets
        return std::numeric_limits<qint64>::max();
    }
    if (fs.f_type == kXfsMagic) {
        const qint64 end = qint64(st.st_size) / 8;
        return end <= kXfsLastPosition ? std::optional<qint64>(end + 1) : std::nullopt;
    }
    return std::nullopt;
}

} // namespace

std::optional<qint64> countOverRanges(int dirFd, const std::vector<qint64> &starts,
                                      const std::function<NameTest()> &makeTest)
{
    if (starts.empty() || starts.front() != 0 || !std::is_sorted(starts.begin(), starts.end()))
        return std::nullopt;
    std::vector<Part> ranges(starts.size());
    for (size_t i = 0; i < starts.size(); ++i) {
        ranges[i].fd = UniqueFd(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!ranges[i].fd.isValid())
            return std::nullopt;
        ranges[i].from = starts[i];
        ranges[i].to = i + 1 < starts.size() ? starts[i + 1] : -1;
    }
    // A helper thread starts with this thread's credentials (clone copies
    // them), though it only reads descriptors already open.
    std::vector<std::thread> helpers;
    for (size_t i = 1; i < ranges.size(); ++i) {
        try {
            helpers.emplace_back(countPart, std::ref(ranges[i]), std::cref(makeTest));
        } catch (const std::system_error &) {
            countPart(ranges[i], makeTest); // no thread to be had: count it here
        }
    }
    countPart(ranges[0], makeTest);
    for (std::thread &t : helpers)
        t.join();
    qint64 total = 0;
    for (const Part &part : ranges) {
        if (!part.ok)
            return std::nullopt;
        total += part.count;
    }
    return total;
}

std::optional<qint64> countByPositionRanges(int dirFd, const std::function<NameTest()> &makeTest)
{
    const unsigned parts = std::min(std::thread::hardware_concurrency(), kMaxParts);
    if (parts < 2)
        return std::nullopt;
    const std::optional<qint64> end = positionEnd(dirFd);
    if (!end)
        return std::nullopt;
    std::vector<qint64> starts(parts);
    for (unsigned i = 0; i < parts; ++i)
        starts[i] = qint64(i) * (*end / parts);
    return countOverRanges(dirFd, starts, makeTest);
}

} // namespace gk::platform::linuxos
