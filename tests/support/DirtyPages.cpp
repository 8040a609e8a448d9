#include "DirtyPages.h"

#ifdef __linux__
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cstdint>

namespace {

// linux/kernel-page-flags.h KPF_DIRTY; pagemap: bit 63 present, bits 0-54 PFN
// (Documentation/admin-guide/mm/pagemap.rst).
constexpr int kKpfDirty = 4;
constexpr std::uint64_t kPresent = std::uint64_t(1) << 63;
constexpr std::uint64_t kPfnMask = (std::uint64_t(1) << 55) - 1;
constexpr decltype(statfs::f_type) kTmpfsMagic = 0x01021994; // linux/magic.h

struct Fd
{
    int fd;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

int dirtyPageCount(const QByteArray &path)
{
    Fd file{::open(path.constData(), O_RDONLY | O_CLOEXEC)};
    Fd pagemap{::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)};
    Fd flags{::open("/proc/kpageflags", O_RDONLY | O_CLOEXEC)};
    struct stat st;
    struct statfs fs;
    if (file.fd < 0 || pagemap.fd < 0 || flags.fd < 0 || ::fstat(file.fd, &st) != 0 ||
        st.st_size == 0 || ::fstatfs(file.fd, &fs) != 0 || fs.f_type == kTmpfsMagic)
        return -1;
    const long page = ::sysconf(_SC_PAGESIZE);
    const size_t length = size_t(st.st_size);
    void *map = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, file.fd, 0);
    if (map == MAP_FAILED)
        return -1;
    int dirty = 0;
    const auto *bytes = static_cast<const volatile char *>(map);
    for (size_t offset = 0; offset < length && dirty >= 0; offset += size_t(page)) {
        (void)bytes[offset]; // fault the page in: it is the page cache's own page
        std::uint64_t entry = 0;
        const off_t at =
            off_t((reinterpret_cast<std::uintptr_t>(map) + offset) / size_t(page) * sizeof entry);
        std::uint64_t pageFlags = 0;
        if (::pread(pagemap.fd, &entry, sizeof entry, at) != ssize_t(sizeof entry) ||
            !(entry & kPresent) || (entry & kPfnMask) == 0 ||
            ::pread(flags.fd, &pageFlags, sizeof pageFlags,
                    off_t((entry & kPfnMask) * sizeof pageFlags)) != ssize_t(sizeof pageFlags)) {
            dirty = -1; // no PFN without CAP_SYS_ADMIN
            break;
        }
        if (pageFlags & (std::uint64_t(1) << kKpfDirty))
            ++dirty;
    }
    ::munmap(map, length);
    return dirty;
}
#else
int dirtyPageCount(const QByteArray &)
{
    return -1;
}
#endif
