#pragma once

#include <QString>

namespace gk::guestinfo {

// The address vmtoolsd reports as guestinfo.ip: the first IPv4 address of an
// interface that is up and not loopback; empty when there is none.
QString primaryIPv4();

} // namespace gk::guestinfo
