#include "platform/Console.h"

#include <unistd.h>

namespace gk::platform {

bool stdoutIsTerminal()
{
    return ::isatty(STDOUT_FILENO) == 1;
}

} // namespace gk::platform
