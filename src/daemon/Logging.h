#pragma once

#include "DaemonConfig.h"

namespace gk::daemon {

// Routes every Qt log message (qCInfo & co.) to Poco: the console when in the
// foreground, a rotating file, and the system log, at the configured level.
class Logging
{
public:
    static void setup(const LogSettings &settings, bool foreground);
    static void shutdown();
};

} // namespace gk::daemon
