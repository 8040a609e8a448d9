#pragma once

#include "GuestInfoSettings.h"

#include <QString>

namespace gk::guestinfo {

// The address vmtoolsd reports as guestinfo.ip (nicInfoPosix.c,
// GuestInfoGetPrimaryIP): the first IPv4 address of an interface that is up,
// not loopback and not excluded, taken from the best-priority interface
// (primary_nics, then the others, low_priority_nics last); empty when there
// is none.
QString primaryIPv4(const GuestInfoSettings &settings = GuestInfoSettings());

} // namespace gk::guestinfo
