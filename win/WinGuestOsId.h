#pragma once

#include <QString>

namespace gk::platform::winos {

// The VMware guest OS id for a Windows version (the STR_OS_WIN_* ids of
// open-vm-tools lib/include/guest_os.h): Windows 10 keeps the "windows9"
// id, servers after 2016 are told apart by build number (14393 is 2016,
// 17763 is 2019, 20348 is 2022, 26100 and later 2025), clients from build
// 22000 on are Windows 11. Pure, so tests can check the table on any OS.
QString windowsGuestOsId(unsigned major, unsigned minor, unsigned build, bool server, bool is64Bit);
// The product name the id stands for ("Windows 10", "Windows Server 2019").
QString windowsProductName(unsigned major, unsigned minor, unsigned build, bool server);

} // namespace gk::platform::winos
