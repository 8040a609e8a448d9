// Power operations on Windows, as vmtoolsd's powerOps plugin does them
// there: the shutdown privilege enabled on the service's token, then
// InitiateSystemShutdownExW (halt, reboot) or SetSuspendState (suspend).
#include "platform/DryRunPowerBackend.h"
#include "platform/PowerBackend.h"

#include "WinErrors.h"

#include <QLoggingCategory>

#include <windows.h>

#include <powrprof.h>

namespace gk::platform {

Q_LOGGING_CATEGORY(lcWinPower, "guestkit.power")

namespace {

// SE_SHUTDOWN_NAME is off by default even for LocalSystem.
PlatformError enableShutdownPrivilege()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token))
        return winos::lastError(QStringLiteral("cannot open the service's token"));
    TOKEN_PRIVILEGES privileges = {};
    privileges.PrivilegeCount = 1;
    privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    LookupPrivilegeValueW(nullptr, SE_SHUTDOWN_NAME, &privileges.Privileges[0].Luid);
    AdjustTokenPrivileges(token, FALSE, &privileges, 0, nullptr, nullptr);
    const DWORD err = GetLastError(); // ERROR_NOT_ALL_ASSIGNED when the token lacks it
    CloseHandle(token);
    if (err != ERROR_SUCCESS)
        return winos::winError(err, QStringLiteral("cannot enable the shutdown privilege"));
    return {};
}

class WinPowerBackend final : public PowerBackend
{
public:
    PlatformError perform(PowerAction action) override
    {
        qCInfo(lcWinPower, "%s the guest", qUtf8Printable(powerActionName(action)));
        if (PlatformError e = enableShutdownPrivilege())
            return e;
        if (action == PowerAction::Suspend) {
            if (!SetSuspendState(FALSE, FALSE, FALSE))
                return winos::lastError(QStringLiteral("cannot suspend the guest"));
            return {};
        }
        const bool reboot = action == PowerAction::Reboot;
        wchar_t message[] = L"guestkit: power operation requested by the host";
        if (!InitiateSystemShutdownExW(nullptr, message, 0, TRUE, reboot,
                                       SHTDN_REASON_MAJOR_OTHER | SHTDN_REASON_MINOR_OTHER |
                                           SHTDN_REASON_FLAG_PLANNED))
            return winos::lastError(
                QStringLiteral("cannot %1 the guest").arg(powerActionName(action)));
        return {};
    }
};

} // namespace

std::unique_ptr<PowerBackend> createPowerBackend(PowerBackendKind kind)
{
    if (kind == PowerBackendKind::DryRun)
        return std::make_unique<DryRunPowerBackend>();
    return std::make_unique<WinPowerBackend>();
}

} // namespace gk::platform
