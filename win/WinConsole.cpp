#include "platform/Console.h"

#include <windows.h>

namespace gk::platform {

bool stdoutIsTerminal()
{
    // A console handle has a console mode; a pipe or file does not.
    DWORD mode = 0;
    return GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
}

} // namespace gk::platform
