#pragma once

#include <QString>
#include <QtGlobal>

namespace gk::platform {

// What trimStartupMemory() gave back.
struct MemoryTrimResult
{
    qint64 releasedBytes =
        0;           // address range released (Linux) or working set before the trim (Windows)
    int objects = 0; // loaded programs and libraries whose pages were released (Linux)
    QString error;   // empty when the trim ran
};

// Gives back the memory that only start-up needed, once the daemon has
// settled into waiting for the VMX: most of the resident set of an idle
// daemon is the code and read-only data of its libraries that the dynamic
// linker and start-up touched once (relocation tables, initialisers, the
// config reader) and never again (docs/performance.md).
//
// Linux: for every program and library loaded, its segments that are never
// written (code, read-only data, relocation tables, not RELRO) are dropped
// from the process's page tables (MADV_DONTNEED). They stay in the page
// cache, so a page used again is back after a minor fault; nothing written
// is ever dropped, and an object is pinned in memory first so that its
// address range cannot be reused meanwhile. Then free heap goes back to the
// OS (malloc_trim). Windows: the working set is emptied
// (SetProcessWorkingSetSize -1, -1), pages coming back on first use.
MemoryTrimResult trimStartupMemory();

} // namespace gk::platform
