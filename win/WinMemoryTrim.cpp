// Emptying the working set once start-up is over (platform/MemoryTrim.h):
// Windows moves the pages to its standby list, and a page used again comes
// back with a soft fault. The same call services make when they go idle.
#include "platform/MemoryTrim.h"

#include "WinErrors.h"

#include <windows.h>

#include <psapi.h>

namespace gk::platform {

MemoryTrimResult trimStartupMemory()
{
    MemoryTrimResult result;
    PROCESS_MEMORY_COUNTERS counters = {};
    counters.cb = sizeof counters;
    if (::K32GetProcessMemoryInfo(::GetCurrentProcess(), &counters, sizeof counters))
        result.releasedBytes = qint64(counters.WorkingSetSize);
    if (!::SetProcessWorkingSetSize(::GetCurrentProcess(), SIZE_T(-1), SIZE_T(-1))) {
        result.releasedBytes = 0;
        result.error = QStringLiteral("SetProcessWorkingSetSize: %1")
                           .arg(winos::win32Message(::GetLastError()));
    }
    return result;
}

} // namespace gk::platform
