#pragma once

#include <QString>

namespace gk::platform {

// Where things live on this OS (implemented by the backend).
// Linux: /etc/guestkit/guestkit.conf; Windows: %ProgramData%\guestkit\guestkit.conf.
QString defaultConfigPath();
// Where the guest mounts the host's shared folders, as GetToolsState reports
// it (VIX_PROPERTY_GUEST_SHAREDFOLDERS_SHARES_PATH, open-vm-tools
// lib/hgfsHelper: HgfsHlpr_QuerySharesDefaultRootPath). Linux: /mnt/hgfs;
// empty where it is not known (not reported).
QString sharedFoldersRoot();

} // namespace gk::platform
