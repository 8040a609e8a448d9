#include "SystemLogChannel.h"

#include <Poco/EventLogChannel.h>

namespace gk::daemon {

Poco::AutoPtr<Poco::Channel> createSystemLogChannel()
{
    return new Poco::EventLogChannel("guestkitd");
}

} // namespace gk::daemon
