#pragma once

namespace gk::platform {

// Whether standard output goes to an interactive terminal (progress bars
// are drawn only then). Implemented by the backend the build selects.
bool stdoutIsTerminal();

} // namespace gk::platform
