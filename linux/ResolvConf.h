#pragma once

#include "platform/DnsConfig.h"

#include <QByteArray>

namespace gk::platform {

// resolv.conf(5): "nameserver" lines in order, the last "search" line's
// domains, "domain" (else the first search domain, as the resolver does).
// The host name is not in the file; the caller fills it in.
DnsConfig parseResolvConf(const QByteArray &text);

} // namespace gk::platform
