#include "platform/CommandShell.h"

namespace gk::platform {

QString commandShell()
{
    // vmtoolsd on Windows hands StartProgram's command line to
    // CreateProcess; cmd.exe runs only when the program named is cmd.exe.
    return {};
}

} // namespace gk::platform
