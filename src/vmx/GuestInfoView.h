#pragma once

#include "GuestState.h"

#include <QJsonObject>
#include <QStringList>

namespace gk::vmx {

// What the guest reported about itself, decoded (what vSphere shows as
// guest.net, guest.hostName, guest.guestFullName, guest.disk ...): for
// guestkit-vmx info, as JSON and as text lines.
QJsonObject guestInfoJson(const GuestState &state);
QStringList guestInfoLines(const GuestState &state);

} // namespace gk::vmx
