#include "SystemLogChannel.h"

#include <Poco/SyslogChannel.h>

namespace gk::daemon {

Poco::AutoPtr<Poco::Channel> createSystemLogChannel()
{
    return new Poco::SyslogChannel("guestkitd", Poco::SyslogChannel::SYSLOG_PID,
                                   Poco::SyslogChannel::SYSLOG_DAEMON);
}

} // namespace gk::daemon
