// Dropping the pages only start-up needed (platform/MemoryTrim.h).
//
// Which pages are safe to drop: in a private file mapping, a page that was
// never written is a copy of the page cache; MADV_DONTNEED removes it from the
// page tables and the next access maps the same bytes again. A page that was
// written (relocated data, a text relocation, a debugger's breakpoint) is the
// process's own copy and would be lost, so only the segments of an ELF object
// that are never writable are taken (PT_LOAD without PF_W, less PT_GNU_RELRO),
// of objects without text relocations, and only in mappings that hold no
// anonymous (copied) page per /proc/self/smaps.
#include "platform/MemoryTrim.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <malloc.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace gk::platform {
namespace {

struct Range
{
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
};

struct LoadedObject
{
    std::string name;
    ElfW(Addr) bias = 0;
};

struct TrimPlan
{
    std::set<ElfW(Addr)> pinned; // objects that can no longer be unloaded
    ElfW(Addr) program = 0;      // the executable: first in the list, never unloaded
    std::uintptr_t pageSize = 4096;
    std::vector<Range> ranges;
    int visited = 0;
    int objects = 0;
};

int listObjects(dl_phdr_info *info, size_t, void *data)
{
    auto *objects = static_cast<std::vector<LoadedObject> *>(data);
    objects->push_back({info->dlpi_name ? info->dlpi_name : "", info->dlpi_addr});
    return 0;
}

bool hasTextRelocations(const dl_phdr_info *info)
{
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_DYNAMIC)
            continue;
        const auto *dyn = reinterpret_cast<const ElfW(Dyn) *>(info->dlpi_addr + ph.p_vaddr);
        for (; dyn->d_tag != DT_NULL; ++dyn) {
            if (dyn->d_tag == DT_TEXTREL)
                return true;
            if (dyn->d_tag == DT_FLAGS && (dyn->d_un.d_val & DF_TEXTREL))
                return true;
        }
    }
    return false;
}

// [begin, end) less [cutBegin, cutEnd), as up to two ranges.
void appendWithout(std::vector<Range> *out, Range r, Range cut)
{
    if (cut.end <= r.begin || cut.begin >= r.end) {
        out->push_back(r);
        return;
    }
    if (cut.begin > r.begin)
        out->push_back({r.begin, cut.begin});
    if (cut.end < r.end)
        out->push_back({cut.end, r.end});
}

// Each range less every cut.
std::vector<Range> without(std::vector<Range> pieces, const std::vector<Range> &cuts)
{
    for (const Range &cut : cuts) {
        std::vector<Range> next;
        for (const Range &p : pieces)
            appendWithout(&next, p, cut);
        pieces.swap(next);
    }
    return pieces;
}

// The kernel's vDSO: not a file, nothing of it to give back.
bool isVdso(const dl_phdr_info *info)
{
    const unsigned long vdso = ::getauxval(AT_SYSINFO_EHDR);
    for (int i = 0; vdso && i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        if (ph.p_type == PT_LOAD && ph.p_offset == 0)
            return info->dlpi_addr + ph.p_vaddr == vdso;
    }
    return false;
}

int planObject(dl_phdr_info *info, size_t, void *data)
{
    auto *plan = static_cast<TrimPlan *>(data);
    const bool isProgram = plan->visited++ == 0 && info->dlpi_addr == plan->program;
    if (!isProgram && !plan->pinned.count(info->dlpi_addr))
        return 0;
    if (isVdso(info) || hasTextRelocations(info))
        return 0;
    const std::uintptr_t page = plan->pageSize;
    std::vector<Range> relro;
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        if (ph.p_type == PT_GNU_RELRO) {
            const std::uintptr_t b = info->dlpi_addr + ph.p_vaddr;
            relro.push_back({b & ~(page - 1), (b + ph.p_memsz + page - 1) & ~(page - 1)});
        }
    }
    bool any = false;
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr) &ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) || ph.p_memsz == 0)
            continue;
        // Whole pages inside the segment only: a page it shares with a
        // neighbouring segment may be written through the neighbour.
        const std::uintptr_t b = info->dlpi_addr + ph.p_vaddr;
        Range r{(b + page - 1) & ~(page - 1), (b + ph.p_memsz) & ~(page - 1)};
        if (r.begin >= r.end)
            continue;
        const std::vector<Range> pieces = without({r}, relro);
        plan->ranges.insert(plan->ranges.end(), pieces.begin(), pieces.end());
        any = any || !pieces.empty();
    }
    if (any)
        ++plan->objects;
    return 0;
}

// Mappings holding a page of the process's own (a copy made by a write):
// never dropped, whatever the ELF headers say.
std::vector<Range> mappingsWithCopiedPages()
{
    std::vector<Range> out;
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return out;
    // readAll, not atEnd(): a /proc file has no size, so atEnd() is true at once.
    const QByteArray text = smaps.readAll();
    Range current;
    for (const QByteArray &line : text.split('\n')) {
        const int dash = line.indexOf('-');
        const int space = line.indexOf(' ');
        if (dash > 0 && space > dash) { // "begin-end perms offset dev inode path"
            bool ok1 = false;
            bool ok2 = false;
            const auto b = line.left(dash).toULongLong(&ok1, 16);
            const auto e = line.mid(dash + 1, space - dash - 1).toULongLong(&ok2, 16);
            if (ok1 && ok2) {
                current = {std::uintptr_t(b), std::uintptr_t(e)};
                continue;
            }
        }
        if (line.startsWith("Anonymous:")) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (fields.size() < 2 || fields.at(1).toLongLong() != 0)
                out.push_back(current);
        }
    }
    return out;
}

} // namespace

MemoryTrimResult trimStartupMemory()
{
    MemoryTrimResult result;
    TrimPlan plan;
    plan.pageSize = std::uintptr_t(::sysconf(_SC_PAGESIZE));

    // Pin every library first (RTLD_NODELETE on the loaded object), outside
    // dl_iterate_phdr's lock: a library unloaded meanwhile could have its
    // addresses reused by a new mapping that is written.
    std::vector<LoadedObject> objects;
    ::dl_iterate_phdr(&listObjects, &objects);
    if (objects.empty()) {
        result.error = QStringLiteral("no loaded objects listed");
        return result;
    }
    plan.program = objects.front().bias;
    for (std::size_t i = 1; i < objects.size(); ++i) {
        if (objects[i].name.empty())
            continue;
        void *handle = ::dlopen(objects[i].name.c_str(), RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
        if (!handle)
            continue; // gone, or not a file (the vDSO)
        link_map *map = nullptr;
        if (::dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map)
            plan.pinned.insert(map->l_addr);
        ::dlclose(handle);
    }
    ::dl_iterate_phdr(&planObject, &plan);

    const std::vector<Range> copied = mappingsWithCopiedPages();
    for (const Range &r : plan.ranges) {
        for (const Range &p : without({r}, copied)) {
            if (::madvise(reinterpret_cast<void *>(p.begin), p.end - p.begin, MADV_DONTNEED) != 0) {
                if (result.error.isEmpty())
                    result.error = QStringLiteral("madvise: %1")
                                       .arg(QString::fromLocal8Bit(std::strerror(errno)));
                continue;
            }
            result.releasedBytes += qint64(p.end - p.begin);
        }
    }
    result.objects = plan.objects;
    ::malloc_trim(0);
    return result;
}

} // namespace gk::platform
