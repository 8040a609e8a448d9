#pragma once

#include "guestinfo/GuestInfoSettings.h"

#include <QStringList>

namespace gk::cli {

// guestkit stat [uptime|hostname|ip|os|version] [--json]: what guestkitd
// reports to the VMX, gathered here with the daemon's own collector and NIC
// settings (what vmware-toolbox-cmd stat shows for open-vm-tools).
int runStat(const guestinfo::GuestInfoSettings &settings, const QStringList &args, bool json);

} // namespace gk::cli
