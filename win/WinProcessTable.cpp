#include "WinProcessTable.h"

#include "WinAccounts.h"
#include "WinErrors.h"
#include "WinStat.h"

#include <windows.h>

#include <tlhelp32.h>

#include <vector>

namespace gk::platform::winos {
namespace {

// ntdll's UNICODE_STRING, and the information class that returns a
// process's command line (Windows 8.1 and later; Wine has it too).
struct UnicodeString
{
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
};
constexpr ULONG kProcessCommandLineInformation = 60;
using NtQueryInformationProcessFn = LONG(WINAPI *)(HANDLE, ULONG, PVOID, ULONG, PULONG);

NtQueryInformationProcessFn ntQuery()
{
    static const auto fn = reinterpret_cast<NtQueryInformationProcessFn>(reinterpret_cast<void *>(
        GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationProcess")));
    return fn;
}

QString commandLineOf(HANDLE process)
{
    const auto query = ntQuery();
    if (!query)
        return {};
    ULONG size = 0;
    query(process, kProcessCommandLineInformation, nullptr, 0, &size);
    if (size == 0 || size > 1 << 20)
        return {};
    std::vector<char> buffer(size);
    if (query(process, kProcessCommandLineInformation, buffer.data(), size, &size) < 0)
        return {};
    const auto *text = reinterpret_cast<const UnicodeString *>(buffer.data());
    return QString::fromWCharArray(text->Buffer, text->Length / 2);
}

void fillFromHandle(HANDLE process, ProcessInfo *info)
{
    FILETIME created, exited, kernel, user;
    if (GetProcessTimes(process, &created, &exited, &kernel, &user)) {
        const qint64 ns =
            nsFromFileTime((quint64(created.dwHighDateTime) << 32) | created.dwLowDateTime);
        info->startTime = QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC);
    }
    info->commandLine = commandLineOf(process);
    HANDLE token = nullptr;
    if (OpenProcessToken(process, TOKEN_QUERY, &token)) {
        DWORD size = 0;
        GetTokenInformation(token, TokenUser, nullptr, 0, &size);
        std::vector<char> buffer(size ? size : 1);
        if (GetTokenInformation(token, TokenUser, buffer.data(), size, &size))
            info->owner = accountName(reinterpret_cast<TOKEN_USER *>(buffer.data())->User.Sid);
        CloseHandle(token);
    }
}

} // namespace

Result<QList<ProcessInfo>> readProcessTable()
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE)
        return Result<QList<ProcessInfo>>::failure(
            lastError(QStringLiteral("cannot list processes")));
    QList<ProcessInfo> table;
    PROCESSENTRY32W entry = {};
    entry.dwSize = sizeof entry;
    for (BOOL more = Process32FirstW(snapshot, &entry); more;
         more = Process32NextW(snapshot, &entry)) {
        ProcessInfo info;
        info.pid = entry.th32ProcessID;
        info.name = QString::fromWCharArray(entry.szExeFile);
        HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE,
                                     entry.th32ProcessID);
        if (!process)
            process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, entry.th32ProcessID);
        if (process) {
            fillFromHandle(process, &info);
            CloseHandle(process);
        }
        table.append(std::move(info));
    }
    CloseHandle(snapshot);
    return Result<QList<ProcessInfo>>::success(std::move(table));
}

QString processOwnerSid(qint64 pid)
{
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return {};
    QString sid;
    HANDLE token = nullptr;
    if (OpenProcessToken(process, TOKEN_QUERY, &token)) {
        sid = tokenUserSid(token).value;
        CloseHandle(token);
    }
    CloseHandle(process);
    return sid;
}

} // namespace gk::platform::winos
