#pragma once

#include "platform/Route.h"

#include <QByteArray>
#include <QList>

namespace gk::platform {

// /proc/net/route: addresses are the kernel's native-endian hex of the
// network-order word; only routes marked up (RTF_UP) are kept.
QList<Route> parseIpv4Routes(const QByteArray &procNetRoute);
// /proc/net/ipv6_route: 32-digit network-order hex addresses, hex prefix
// lengths, metric and flags. Local-table, reject and multicast entries are
// left out (what `ip -6 route` lists).
QList<Route> parseIpv6Routes(const QByteArray &procNetIpv6Route);

} // namespace gk::platform
