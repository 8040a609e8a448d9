#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace gk::platform {

// Where things live on this OS (implemented by the backend).
// Linux: /etc/guestkit/guestkit.conf; Windows: %ProgramData%\guestkit\guestkit.conf.
QString defaultConfigPath();
// Where the guest mounts the host's shared folders, as GetToolsState reports
// it (VIX_PROPERTY_GUEST_SHAREDFOLDERS_SHARES_PATH, open-vm-tools
// lib/hgfsHelper: HgfsHlpr_QuerySharesDefaultRootPath). Linux: /mnt/hgfs;
// empty where it is not known (not reported).
QString sharedFoldersRoot();

// The local path an HGFS name below the guest-wide "root" share names
// (hgfsServerPolicyGuest.c; the VMX builds such names with
// CPNameUtil_ConvertToRoot). Linux: {"tmp","a"} -> "/tmp/a", {} -> "/".
// Windows: {"drive","C","Users","a"} -> "C:/Users/a" (also {"C:","Users"}),
// {"unc","server","share","a"} -> "//server/share/a"; anything else names
// nothing there (nullopt).
std::optional<QByteArray> pathBelowRootShare(const QStringList &components);

// The directory a guest path names its file in, as File_GetPathName does:
// everything before the last separator ('/' on Linux; '/' or '\' on
// Windows, where "C:\x" gives "C:\"), "/" for "/x", "" when there is none.
QByteArray directoryOfGuestPath(const QByteArray &path);

} // namespace gk::platform
