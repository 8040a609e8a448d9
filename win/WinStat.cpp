#include "WinStat.h"

#include "WinAccounts.h"
#include "WinErrors.h"
#include "WinPath.h"

#include <windows.h>

#include <aclapi.h>

namespace gk::platform::winos {
namespace {

// 1601-01-01 to 1970-01-01 in FILETIME units.
constexpr qint64 kEpochDelta = 116444736000000000LL;

quint64 combine(DWORD high, DWORD low)
{
    return (quint64(high) << 32) | low;
}

quint64 fromFt(const FILETIME &ft)
{
    return combine(ft.dwHighDateTime, ft.dwLowDateTime);
}

} // namespace

qint64 nsFromFileTime(quint64 fileTime)
{
    return (qint64(fileTime) - kEpochDelta) * 100;
}

quint64 fileTimeFromNs(qint64 ns)
{
    return quint64(ns / 100 + kEpochDelta);
}

void applyAttributes(FileInfo *info, quint32 attributes, quint32 reparseTag)
{
    info->nativeAttributes = attributes;
    info->hidden = attributes & FILE_ATTRIBUTE_HIDDEN;
    info->readOnly = attributes & FILE_ATTRIBUTE_READONLY;
    if ((attributes & FILE_ATTRIBUTE_REPARSE_POINT) &&
        (reparseTag == IO_REPARSE_TAG_SYMLINK || reparseTag == IO_REPARSE_TAG_MOUNT_POINT))
        info->type = FileType::Symlink;
    else if (attributes & FILE_ATTRIBUTE_DIRECTORY)
        info->type = FileType::Directory;
    else if (attributes & FILE_ATTRIBUTE_DEVICE)
        info->type = FileType::CharDevice;
    else
        info->type = FileType::Regular;
}

void readOwner(const std::wstring &path, FileInfo *info)
{
    PSID owner = nullptr, group = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT,
                              OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION, &owner,
                              &group, nullptr, nullptr, &descriptor) != ERROR_SUCCESS)
        return;
    if (owner)
        info->owner = FileOwner{-1, sidString(owner), accountName(owner)};
    if (group)
        info->group = FileOwner{-1, sidString(group), accountName(group)};
    LocalFree(descriptor);
}

Result<FileInfo> statHandle(void *handle, const FilePath &path)
{
    BY_HANDLE_FILE_INFORMATION data = {};
    if (!GetFileInformationByHandle(static_cast<HANDLE>(handle), &data))
        return Result<FileInfo>::failure(lastError("stat", path));
    FILE_ATTRIBUTE_TAG_INFO tag = {};
    if (!GetFileInformationByHandleEx(static_cast<HANDLE>(handle), FileAttributeTagInfo, &tag,
                                      sizeof tag))
        tag.ReparseTag = 0;
    FileInfo info;
    info.name = path.fileName();
    applyAttributes(&info, data.dwFileAttributes, tag.ReparseTag);
    info.size = info.isDirectory() ? 0 : qint64(combine(data.nFileSizeHigh, data.nFileSizeLow));
    info.times.accessed = nsFromFileTime(fromFt(data.ftLastAccessTime));
    info.times.modified = nsFromFileTime(fromFt(data.ftLastWriteTime));
    info.times.created = nsFromFileTime(fromFt(data.ftCreationTime));
    std::wstring wide;
    if (toWide(path, &wide))
        readOwner(wide, &info);
    return Result<FileInfo>::success(std::move(info));
}

Result<FileInfo> statPath(const FilePath &path, bool followSymlinks)
{
    std::wstring wide;
    if (!toWide(path, &wide))
        return Result<FileInfo>::failure(winError(ERROR_INVALID_NAME, "stat", path));
    // Backup semantics opens directories; without following, the reparse
    // point itself is opened (the link, not its target).
    const DWORD flags =
        FILE_FLAG_BACKUP_SEMANTICS | (followSymlinks ? 0 : FILE_FLAG_OPEN_REPARSE_POINT);
    HANDLE h = CreateFileW(wide.c_str(), FILE_READ_ATTRIBUTES,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, flags, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        // Some entries (the page file, locked system files) refuse even an
        // attribute handle; the directory entry still describes them.
        WIN32_FILE_ATTRIBUTE_DATA data = {};
        const DWORD err = GetLastError();
        if (err != ERROR_SHARING_VIOLATION ||
            !GetFileAttributesExW(wide.c_str(), GetFileExInfoStandard, &data))
            return Result<FileInfo>::failure(winError(err, "stat", path));
        FileInfo info;
        info.name = path.fileName();
        applyAttributes(&info, data.dwFileAttributes, 0);
        info.size = qint64(combine(data.nFileSizeHigh, data.nFileSizeLow));
        info.times.modified = nsFromFileTime(fromFt(data.ftLastWriteTime));
        info.times.accessed = nsFromFileTime(fromFt(data.ftLastAccessTime));
        info.times.created = nsFromFileTime(fromFt(data.ftCreationTime));
        return Result<FileInfo>::success(std::move(info));
    }
    Result<FileInfo> r = statHandle(h, path);
    CloseHandle(h);
    return r;
}

} // namespace gk::platform::winos
