#pragma once

#include "platform/DnsConfig.h"
#include "platform/NetworkInterface.h"
#include "platform/PlatformError.h"
#include "platform/Route.h"

#include <QList>

namespace gk::platform::winos {

// What GetAdaptersAddresses reports: interfaces (MAC, addresses with prefix
// length), DNS servers and the default gateways; loopback left out, as on
// Linux.
Result<QList<NetworkInterface>> readInterfaces();
// DNS servers of every adapter (de-duplicated) and the primary DNS suffix.
Result<DnsConfig> readDnsConfig();
// The IP routing table (GetIpForwardTable2), IPv4 then IPv6.
Result<QList<Route>> readRoutes();

} // namespace gk::platform::winos
