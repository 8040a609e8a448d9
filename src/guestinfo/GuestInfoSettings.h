#pragma once

#include <QStringList>

#include <chrono>

namespace gk::guestinfo {

// The [guestinfo] keys (docs/guestinfo.md), named after vmtoolsd's tools.conf
// [guestinfo] keys of the same meaning.
struct GuestInfoSettings
{
    // vmtoolsd gathers every 30 s (guestInfoServer.c GUESTINFO_TIME_INTERVAL_MSEC,
    // tools.conf poll-interval). 0 turns the periodic gather off: only the
    // full report after reset and Capabilities_Register is sent.
    std::chrono::seconds pollInterval{30};
    // Interfaces never reported, as exclude-nics (nicInfoPosix.c default).
    QStringList excludeNics = {QStringLiteral("docker*"), QStringLiteral("veth*"),
                               QStringLiteral("virbr*"), QStringLiteral("antrea-*"),
                               QStringLiteral("cali*")};
    // Reported first (primary-nics) and last (low-priority-nics), in pattern order.
    QStringList primaryNics;
    QStringList lowPriorityNics;
    // Routes gathered of each family (max-ipv4-routes, max-ipv6-routes;
    // 0 to 100, the protocol's limit, vmtoolsd's default).
    int maxIPv4Routes = 100;
    int maxIPv6Routes = 100;
    // vmtoolsd's disable-query-diskinfo, inverted.
    bool reportDisks = true;
};

} // namespace gk::guestinfo
