#pragma once

namespace gk::platform::winos {

// The service as the SCM, the Event Log and the MSI (installer/msi) name it.
inline constexpr wchar_t kServiceName[] = L"guestkitd";
inline constexpr wchar_t kServiceDisplayName[] = L"guestkit guest tools service";
inline constexpr wchar_t kServiceDescription[] =
    L"Talks to the VMware host: guest operations, guest information and power operations.";

} // namespace gk::platform::winos
