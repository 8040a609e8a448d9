#pragma once

#include "GuestInfoSettings.h"
#include "GuestInfoSnapshot.h"

#include "platform/DnsConfig.h"
#include "platform/NetworkInterface.h"
#include "platform/Route.h"

namespace gk::platform {
class SystemInfoProvider;
}

namespace gk::guestinfo {

// Reads the guest's facts through the platform layer and turns them into
// the codecs' input. collect() blocks (DNS, statvfs): run it on a worker.
class GuestInfoCollector
{
public:
    static GuestInfoSnapshot collect(platform::SystemInfoProvider &provider,
                                     const GuestInfoSettings &settings);

    // The NIC selection of nicInfoPosix.c GuestInfoGetInterface: only up
    // interfaces with a link-layer address, not excluded; primary ones
    // first, then the rest, low-priority ones last. Pure, for tests.
    static NetworkSnapshot networkSnapshot(const QList<platform::NetworkInterface> &interfaces,
                                           const QList<platform::Route> &routes,
                                           const std::optional<platform::DnsConfig> &dns,
                                           const GuestInfoSettings &settings);

    // Whether a name matches one of the shell patterns ("docker*").
    static bool matchesAny(const QString &name, const QStringList &patterns);
};

} // namespace gk::guestinfo
