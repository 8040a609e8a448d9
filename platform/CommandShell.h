#pragma once

#include <QString>

namespace gk::platform {

// The shell that runs a guest command line with shell syntax (VIX
// StartProgram, RunScript): bash (else sh) on Linux, as vmtoolsd prefers;
// empty on Windows, where CreateProcess takes the program and its command
// line itself and there is no shell step. Implemented by the backend.
QString commandShell();

} // namespace gk::platform
