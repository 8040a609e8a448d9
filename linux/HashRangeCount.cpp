#include "HashRangeCount.h"

#include "DirentStream.h"
#include "UniqueFd.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <algorithm>
#include <limits>
#include <system_error>
#include <thread>
#include <vector>

namespace gk::platform::linuxos {
namespace {

constexpr decltype(statfs::f_type) kExt4Magic = 0xEF53; // linux/magic.h EXT4_SUPER_MAGIC
// Below this directory size (~8,000 short names) one pass takes about a
// millisecond, not worth the threads.
constexpr off_t kMinDirectoryBytes = 256 * 1024;
constexpr unsigned kMaxParts = 8;

struct Part
{
    UniqueFd fd;
    qint64 from = 0;
    qint64 to = -1; // first position not in the range; -1: to the end
    qint64 count = 0;
    bool ok = false;
};

void countPart(Part &part, const std::function<NameTest()> &makeTest)
{
    DirentStream stream(part.fd.get());
    if (part.from != 0 && !stream.seek(part.from))
        return;
    const NameTest test = makeTest ? makeTest() : NameTest();
    DirentStream::Entry entry;
    qint64 last = part.from;
    while (stream.next(&entry)) {
        if (entry.position < last)
            return; // not in hash order after all: the ranges mean nothing
        if (part.to >= 0 && entry.position >= part.to) {
            part.ok = true;
            return;
        }
        last = entry.position;
        if (!test || test(entry.name))
            ++part.count;
    }
    part.ok = stream.error() == 0;
}

bool splittable(int dirFd)
{
    struct statfs fs;
    struct stat st;
    int flags = 0;
    return ::fstatfs(dirFd, &fs) == 0 && fs.f_type == kExt4Magic && ::fstat(dirFd, &st) == 0 &&
           S_ISDIR(st.st_mode) && st.st_size >= kMinDirectoryBytes &&
           ::ioctl(dirFd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_INDEX_FL) != 0;
}

} // namespace

std::optional<qint64> countByHashRanges(int dirFd, const std::function<NameTest()> &makeTest)
{
    const unsigned parts = std::min(std::thread::hardware_concurrency(), kMaxParts);
    if (parts < 2 || !splittable(dirFd))
        return std::nullopt;
    // 64-bit hash positions run from 0 to 2^63 - 1 (EXT4_HTREE_EOF_64BIT).
    const qint64 span = std::numeric_limits<qint64>::max() / parts;
    std::vector<Part> ranges(parts);
    for (unsigned i = 0; i < parts; ++i) {
        ranges[i].fd = UniqueFd(::openat(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!ranges[i].fd.isValid())
            return std::nullopt;
        ranges[i].from = qint64(i) * span;
        ranges[i].to = i + 1 < parts ? qint64(i + 1) * span : -1;
    }
    // A helper thread starts with this thread's credentials (clone copies
    // them), though it only reads descriptors already open.
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < parts; ++i) {
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

} // namespace gk::platform::linuxos
