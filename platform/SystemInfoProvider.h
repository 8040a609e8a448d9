#pragma once

#include "platform/DnsConfig.h"
#include "platform/FileSystemInfo.h"
#include "platform/NetworkInterface.h"
#include "platform/OsIdentity.h"
#include "platform/PlatformError.h"
#include "platform/Route.h"

#include <QList>

#include <memory>

namespace gk::platform {

// What the guest reports about itself. Each call reads the OS afresh and
// may block (fqdn() may ask DNS): call it off the event-loop thread.
class SystemInfoProvider
{
public:
    virtual ~SystemInfoProvider() = default;

    virtual Result<QString> hostName() = 0;
    // The canonical name of the host; the host name when it has none.
    virtual Result<QString> fqdn() = 0;
    virtual Result<OsIdentity> osIdentity() = 0;
    virtual Result<qint64> uptimeSeconds() = 0;
    virtual Result<QList<NetworkInterface>> networkInterfaces() = 0;
    virtual Result<DnsConfig> dnsConfig() = 0;
    virtual Result<QList<Route>> routes() = 0; // IPv4 then IPv6
    virtual Result<QList<FileSystemInfo>> fileSystems() = 0;
};

// Implemented by the backend the build selects (linux/ or win/).
std::unique_ptr<SystemInfoProvider> createSystemInfoProvider();

} // namespace gk::platform
