#pragma once

#include "platform/PlatformError.h"
#include "platform/PowerAction.h"

#include <memory>

namespace gk::platform {

// Carries out a guest power operation. perform() blocks until the OS has
// accepted the request (or refused it): call it off the event-loop thread.
class PowerBackend
{
public:
    virtual ~PowerBackend() = default;
    virtual PlatformError perform(PowerAction action) = 0;
};

enum class PowerBackendKind {
    System, // the OS's own mechanism
    DryRun, // only logs and records (DryRunPowerBackend); selected by config
};

// System: implemented by the backend the build selects (linux/ or win/).
std::unique_ptr<PowerBackend> createPowerBackend(PowerBackendKind kind);

} // namespace gk::platform
