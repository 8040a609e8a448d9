#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>

namespace gk::daemon {

// The OS's own log: syslog on Linux, the Event Log on Windows. CMake picks
// the source file that implements it.
Poco::AutoPtr<Poco::Channel> createSystemLogChannel();

} // namespace gk::daemon
