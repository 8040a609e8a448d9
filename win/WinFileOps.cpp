#include "WinFileOps.h"

#include "WinErrors.h"
#include "WinPath.h"
#include "WinStat.h"

#include <windows.h>

#include <aclapi.h>
#include <bcrypt.h>
#include <sddl.h>

namespace gk::platform::winos {
namespace {

using K = PlatformError::Kind;

PlatformError badName(const char *op, const FilePath &path)
{
    return winError(ERROR_INVALID_NAME, op, path);
}

DWORD attributesOf(const std::wstring &path)
{
    return GetFileAttributesW(path.c_str());
}

bool isRealDirectory(DWORD a)
{
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY) &&
           !(a & FILE_ATTRIBUTE_REPARSE_POINT);
}

PlatformError removeTreeW(const std::wstring &dir, const FilePath &path)
{
    WIN32_FIND_DATAW entry;
    HANDLE find = FindFirstFileExW((dir + L"\\*").c_str(), FindExInfoBasic, &entry,
                                   FindExSearchNameMatch, nullptr, 0);
    if (find == INVALID_HANDLE_VALUE)
        return lastError("delete directory", path);
    PlatformError failure;
    do {
        const std::wstring name = entry.cFileName;
        if (name == L"." || name == L"..")
            continue;
        const std::wstring child = dir + L"\\" + name;
        const FilePath childPath = path.child(fromWide(name.c_str()));
        if (entry.dwFileAttributes & FILE_ATTRIBUTE_READONLY)
            SetFileAttributesW(child.c_str(), entry.dwFileAttributes & ~FILE_ATTRIBUTE_READONLY);
        const bool directory = entry.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY;
        const bool link = entry.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT;
        if (directory && !link)
            failure = removeTreeW(child, childPath);
        else if (directory ? !RemoveDirectoryW(child.c_str()) : !DeleteFileW(child.c_str()))
            failure = lastError("delete", childPath);
    } while (!failure && FindNextFileW(find, &entry));
    FindClose(find);
    if (failure)
        return failure;
    if (!RemoveDirectoryW(dir.c_str()))
        return lastError("delete directory", path);
    return {};
}

PlatformError copyThenDelete(const std::wstring &from, const std::wstring &to,
                             const FilePath &fromPath, const FilePath &toPath, bool overwrite)
{
    if (!CopyFileExW(from.c_str(), to.c_str(), nullptr, nullptr, nullptr,
                     overwrite ? 0 : COPY_FILE_FAIL_IF_EXISTS))
        return lastError("move", toPath);
    if (!DeleteFileW(from.c_str()))
        return lastError("move", fromPath);
    return {};
}

bool isEmptyDirectory(const std::wstring &dir)
{
    WIN32_FIND_DATAW entry;
    HANDLE find = FindFirstFileExW((dir + L"\\*").c_str(), FindExInfoBasic, &entry,
                                   FindExSearchNameMatch, nullptr, 0);
    if (find == INVALID_HANDLE_VALUE)
        return false;
    bool empty = true;
    do {
        const std::wstring name = entry.cFileName;
        if (name != L"." && name != L"..")
            empty = false;
    } while (empty && FindNextFileW(find, &entry));
    FindClose(find);
    return empty;
}

} // namespace

QByteArray randomName(int count)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray raw(count, Qt::Uninitialized);
    BCryptGenRandom(nullptr, reinterpret_cast<PUCHAR>(raw.data()), ULONG(count),
                    BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    for (char &c : raw)
        c = alphabet[quint8(c) % 62];
    return raw;
}

PlatformError makeDirectory(const FilePath &path, bool parents)
{
    std::wstring wide;
    if (!toWide(path, &wide))
        return badName("mkdir", path);
    if (!parents) {
        if (!CreateDirectoryW(wide.c_str(), nullptr))
            return lastError("mkdir", path);
        return {};
    }
    // Walk down from the root, as the Linux backend does: each existing
    // directory is fine, a file on the way fails NotADirectory.
    const QByteArray &bytes = path.bytes();
    for (qsizetype i = 1; i <= bytes.size(); ++i) {
        if (i < bytes.size() && bytes.at(i) != '/' && bytes.at(i) != '\\')
            continue;
        const char before = bytes.at(i - 1);
        if (before == '/' || before == '\\' || before == ':')
            continue;
        const FilePath prefix = FilePath::fromBytes(bytes.left(i));
        std::wstring part;
        toWide(prefix, &part);
        if (CreateDirectoryW(part.c_str(), nullptr))
            continue;
        const DWORD err = GetLastError();
        if (err == ERROR_ALREADY_EXISTS && isRealDirectory(attributesOf(part)))
            continue;
        if (err == ERROR_ACCESS_DENIED && isRealDirectory(attributesOf(part)))
            continue; // a drive root or a directory we may not create in, but exists
        return winError(err == ERROR_ALREADY_EXISTS ? DWORD(ERROR_DIRECTORY) : err, "mkdir",
                        prefix);
    }
    return {};
}

PlatformError removeFile(const FilePath &path)
{
    std::wstring wide;
    if (!toWide(path, &wide))
        return badName("delete", path);
    const DWORD a = attributesOf(wide);
    if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY)) {
        if (!(a & FILE_ATTRIBUTE_REPARSE_POINT))
            return PlatformError::make(
                K::IsADirectory, ERROR_ACCESS_DENIED,
                QStringLiteral("delete '%1': is a directory").arg(path.toString()));
        // A directory symlink or junction: the link goes, never its target.
        if (!RemoveDirectoryW(wide.c_str()))
            return lastError("delete", path);
        return {};
    }
    if (!DeleteFileW(wide.c_str()))
        return lastError("delete", path);
    return {};
}

PlatformError removeDirectory(const FilePath &path, RemoveMode mode)
{
    std::wstring wide;
    if (!toWide(path, &wide))
        return badName("delete directory", path);
    const DWORD a = attributesOf(wide);
    if (a == INVALID_FILE_ATTRIBUTES)
        return lastError("delete directory", path);
    if (!isRealDirectory(a))
        return winError(ERROR_DIRECTORY, "delete directory", path);
    if (mode == RemoveMode::Recursive)
        return removeTreeW(wide, path);
    if (!RemoveDirectoryW(wide.c_str()))
        return lastError("delete directory", path);
    return {};
}

PlatformError moveEntry(const FilePath &from, const FilePath &to, const MoveOptions &options)
{
    std::wstring src, dst;
    if (!toWide(from, &src) || !toWide(to, &dst))
        return badName("move", toWide(from, &src) ? to : from);
    const DWORD fromAttr = attributesOf(src);
    if (fromAttr == INVALID_FILE_ATTRIBUTES)
        return lastError("move", from);
    const DWORD toAttr = attributesOf(dst);
    const bool fromDir = isRealDirectory(fromAttr);
    if (toAttr != INVALID_FILE_ATTRIBUTES) {
        if (!options.overwrite)
            return winError(ERROR_ALREADY_EXISTS, "move", from, to);
        const bool toDir = isRealDirectory(toAttr);
        if (!fromDir && toDir)
            return PlatformError::make(
                K::IsADirectory, ERROR_ACCESS_DENIED,
                QStringLiteral("move '%1' to '%2': the target is a directory")
                    .arg(from.toString(), to.toString()));
        if (fromDir && !toDir)
            return winError(ERROR_DIRECTORY, "move", from, to);
        if (fromDir && toDir) {
            // rename(2) replaces an empty directory; MoveFileExW never
            // replaces a directory, so remove the empty one first.
            if (!isEmptyDirectory(dst))
                return winError(ERROR_DIR_NOT_EMPTY, "move", from, to);
            if (!RemoveDirectoryW(dst.c_str()))
                return lastError("move", to);
        }
    }
    const DWORD flags = options.overwrite ? MOVEFILE_REPLACE_EXISTING : 0;
    if (MoveFileExW(src.c_str(), dst.c_str(), flags))
        return {};
    const DWORD err = GetLastError();
    if (err == ERROR_NOT_SAME_DEVICE && !fromDir)
        return copyThenDelete(src, dst, from, to, options.overwrite);
    return winError(err, "move", from, to);
}

Result<FilePath> createTempEntry(const TempRequest &request)
{
    using R = Result<FilePath>;
    if (request.prefix.contains('/') || request.prefix.contains('\\') ||
        request.suffix.contains('/') || request.suffix.contains('\\'))
        return R::failure(PlatformError::make(
            K::InvalidName, ERROR_INVALID_NAME,
            QStringLiteral("a temporary name's prefix or suffix holds a separator")));
    const bool directory = request.kind == TempRequest::Kind::Directory;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const FilePath path =
            request.directory.child(request.prefix + randomName(12) + request.suffix);
        std::wstring wide;
        if (!toWide(path, &wide))
            return R::failure(badName("create temporary", path));
        if (directory) {
            if (CreateDirectoryW(wide.c_str(), nullptr))
                return R::success(path);
        } else {
            HANDLE h = CreateFileW(wide.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                   FILE_ATTRIBUTE_NORMAL, nullptr);
            if (h != INVALID_HANDLE_VALUE) {
                CloseHandle(h);
                return R::success(path);
            }
        }
        const DWORD err = GetLastError();
        if (err != ERROR_ALREADY_EXISTS && err != ERROR_FILE_EXISTS)
            return R::failure(winError(err, "create temporary", path));
    }
    return R::failure(winError(ERROR_FILE_EXISTS, "create temporary", request.directory));
}

PlatformError applyChange(const FilePath &path, const AttributeChange &change)
{
    std::wstring wide;
    if (!toWide(path, &wide))
        return badName("change attributes", path);
    if ((change.owner && change.owner->sid.isEmpty()) ||
        (change.group && change.group->sid.isEmpty()))
        return PlatformError::make(
            K::InvalidArgument, ERROR_INVALID_PARAMETER,
            QStringLiteral("chown '%1': owner or group without a SID").arg(path.toString()));
    if (change.owner || change.group) {
        PSID owner = nullptr, group = nullptr;
        if (change.owner)
            ConvertStringSidToSidW(change.owner->sid.toStdWString().c_str(), &owner);
        if (change.group)
            ConvertStringSidToSidW(change.group->sid.toStdWString().c_str(), &group);
        DWORD rc = ERROR_INVALID_SID;
        if ((!change.owner || owner) && (!change.group || group))
            rc = SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT,
                                       (owner ? OWNER_SECURITY_INFORMATION : 0) |
                                           (group ? GROUP_SECURITY_INFORMATION : 0),
                                       owner, group, nullptr, nullptr);
        LocalFree(owner);
        LocalFree(group);
        if (rc != ERROR_SUCCESS)
            return winError(rc, "chown", path);
    }
    if (change.mode || change.hidden || change.readOnly) {
        DWORD a = attributesOf(wide);
        if (a == INVALID_FILE_ATTRIBUTES)
            return lastError("change attributes", path);
        // The POSIX mode's one meaning on Windows, as HGFS servers on
        // Windows read it: no owner write bit means read-only.
        bool readOnly = a & FILE_ATTRIBUTE_READONLY;
        if (change.mode)
            readOnly = !(*change.mode & 0200);
        if (change.readOnly)
            readOnly = *change.readOnly;
        a = readOnly ? (a | FILE_ATTRIBUTE_READONLY) : (a & ~DWORD(FILE_ATTRIBUTE_READONLY));
        if (change.hidden)
            a = *change.hidden ? (a | FILE_ATTRIBUTE_HIDDEN) : (a & ~DWORD(FILE_ATTRIBUTE_HIDDEN));
        a &= FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM |
             FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_NOT_CONTENT_INDEXED |
             FILE_ATTRIBUTE_TEMPORARY | FILE_ATTRIBUTE_OFFLINE;
        if (!SetFileAttributesW(wide.c_str(), a ? a : FILE_ATTRIBUTE_NORMAL))
            return lastError("change attributes", path);
    }
    if (change.accessed || change.modified) {
        HANDLE h = CreateFileW(wide.c_str(), FILE_WRITE_ATTRIBUTES,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                               OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
        if (h == INVALID_HANDLE_VALUE)
            return lastError("set times", path);
        FILETIME times[2];
        for (int i = 0; i < 2; ++i) {
            const std::optional<qint64> &v = i == 0 ? change.accessed : change.modified;
            const quint64 ft = v ? fileTimeFromNs(*v) : 0;
            times[i].dwLowDateTime = DWORD(ft & 0xffffffffu);
            times[i].dwHighDateTime = DWORD(ft >> 32);
        }
        // A zero FILETIME leaves that time as it is.
        const BOOL ok = SetFileTime(h, nullptr, &times[0], &times[1]);
        const DWORD err = GetLastError();
        CloseHandle(h);
        if (!ok)
            return winError(err, "set times", path);
    }
    return {};
}

PlatformError checkWritable(const FilePath &path)
{
    std::wstring wide;
    if (!toWide(path, &wide))
        return badName("check access", path);
    // The read-only attribute bars every writer (Wine's access check
    // ignores it for a handle opened with backup semantics).
    const DWORD a = attributesOf(wide);
    if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_READONLY) &&
        !(a & FILE_ATTRIBUTE_DIRECTORY))
        return winError(ERROR_ACCESS_DENIED, "check access", path);
    // FILE_WRITE_DATA is FILE_ADD_FILE for a directory.
    HANDLE h = CreateFileW(wide.c_str(), FILE_WRITE_DATA,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
    if (h == INVALID_HANDLE_VALUE)
        return lastError("check access", path);
    CloseHandle(h);
    return {};
}

} // namespace gk::platform::winos
