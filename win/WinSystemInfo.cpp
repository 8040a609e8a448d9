// SystemInfoProvider for Windows: computer names, RtlGetVersion (which,
// unlike GetVersionEx, does not lie to unmanifested programs), the tick
// count, the IP helper API and the logical drives.
#include "platform/SystemInfoProvider.h"

#include "WinErrors.h"
#include "WinGuestOsId.h"
#include "WinNetwork.h"

#include <QSettings>

#include <windows.h>

namespace gk::platform {
namespace {

using RtlGetVersionFn = LONG(WINAPI *)(OSVERSIONINFOEXW *);

Result<QString> computerName(COMPUTER_NAME_FORMAT format)
{
    wchar_t name[256];
    DWORD size = 256;
    if (!GetComputerNameExW(format, name, &size))
        return Result<QString>::failure(
            winos::lastError(QStringLiteral("cannot read the computer name")));
    return Result<QString>::success(QString::fromWCharArray(name, int(size)));
}

class WinSystemInfo final : public SystemInfoProvider
{
public:
    Result<QString> hostName() override { return computerName(ComputerNameDnsHostname); }

    Result<QString> fqdn() override
    {
        Result<QString> full = computerName(ComputerNameDnsFullyQualified);
        if (!full.ok() || full.value.isEmpty())
            return hostName();
        return full;
    }

    Result<OsIdentity> osIdentity() override
    {
        OSVERSIONINFOEXW v = {};
        v.dwOSVersionInfoSize = sizeof v;
        const auto rtlGetVersion = reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void *>(
            GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion")));
        if (!rtlGetVersion || rtlGetVersion(&v) != 0)
            return Result<OsIdentity>::failure(PlatformError::make(
                PlatformError::Kind::NotSupported, ERROR_CALL_NOT_IMPLEMENTED,
                QStringLiteral("cannot read the Windows version (RtlGetVersion)")));
        SYSTEM_INFO si = {};
        GetNativeSystemInfo(&si);
        const bool is64 = si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64 ||
                          si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64;
        const bool server = v.wProductType != VER_NT_WORKSTATION;
        const QSettings current(
            QStringLiteral("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"),
            QSettings::NativeFormat);
        OsIdentity os;
        os.familyName = QStringLiteral("Windows");
        os.shortName = winos::windowsGuestOsId(v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber,
                                               server, is64);
        const QString product =
            winos::windowsProductName(v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber, server);
        const QString edition = current.value(QStringLiteral("ProductName")).toString();
        os.prettyName = edition.isEmpty() ? product : edition;
        os.distroName = product;
        os.distroVersion = QStringLiteral("%1.%2").arg(v.dwMajorVersion).arg(v.dwMinorVersion);
        os.distroAddlVersion = current.value(QStringLiteral("DisplayVersion")).toString();
        os.buildNumber = QString::number(v.dwBuildNumber);
        os.kernelVersion = QStringLiteral("%1.%2.%3")
                               .arg(v.dwMajorVersion)
                               .arg(v.dwMinorVersion)
                               .arg(v.dwBuildNumber);
        os.fullName = os.prettyName +
                      (is64 ? QStringLiteral(", 64-bit") : QStringLiteral(", 32-bit")) +
                      QStringLiteral(" (Build %1)").arg(v.dwBuildNumber);
        os.architecture = si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64
                              ? QStringLiteral("Arm")
                              : QStringLiteral("X86");
        os.bitness = is64 ? 64 : 32;
        return Result<OsIdentity>::success(os);
    }

    Result<qint64> uptimeSeconds() override
    {
        return Result<qint64>::success(qint64(GetTickCount64() / 1000));
    }

    Result<QList<NetworkInterface>> networkInterfaces() override { return winos::readInterfaces(); }
    Result<DnsConfig> dnsConfig() override { return winos::readDnsConfig(); }
    Result<QList<Route>> routes() override { return winos::readRoutes(); }

    Result<QList<FileSystemInfo>> fileSystems() override
    {
        wchar_t drives[512];
        const DWORD n = GetLogicalDriveStringsW(511, drives);
        if (n == 0 || n > 511)
            return Result<QList<FileSystemInfo>>::failure(
                winos::lastError(QStringLiteral("cannot list the drives")));
        QList<FileSystemInfo> out;
        for (const wchar_t *root = drives; *root; root += wcslen(root) + 1) {
            const UINT type = GetDriveTypeW(root);
            if (type != DRIVE_FIXED && type != DRIVE_REMOVABLE)
                continue; // network shares, CD drives, RAM disks: not the guest's storage
            ULARGE_INTEGER freeToCaller, total, totalFree;
            if (!GetDiskFreeSpaceExW(root, &freeToCaller, &total, &totalFree))
                continue; // an empty card reader
            wchar_t fsName[MAX_PATH + 1] = {};
            wchar_t volume[MAX_PATH + 1] = {};
            GetVolumeInformationW(root, nullptr, 0, nullptr, nullptr, nullptr, fsName,
                                  MAX_PATH + 1);
            GetVolumeNameForVolumeMountPointW(root, volume, MAX_PATH + 1);
            FileSystemInfo fs;
            fs.mountPoint = QString::fromWCharArray(root);
            fs.device = QString::fromWCharArray(volume);
            fs.type = QString::fromWCharArray(fsName);
            fs.capacityBytes = total.QuadPart;
            fs.freeBytes = freeToCaller.QuadPart;
            out.append(fs);
        }
        return Result<QList<FileSystemInfo>>::success(out);
    }
};

} // namespace

std::unique_ptr<SystemInfoProvider> createSystemInfoProvider()
{
    return std::make_unique<WinSystemInfo>();
}

} // namespace gk::platform
