#pragma once

#include "VixDecoded.h"

#include <QByteArray>
#include <QString>

// Request bodies of the file operations on guest paths (after the 51-byte
// header). Layouts: lib/include/vixCommands.h; rules: the handlers in
// services/plugins/vix/vixTools.c. Paths are "strings" in the sense of
// VMAutomationMsgParserGetString (length without the NUL); an empty path is
// VIX_E_INVALID_ARG, checked before authentication as vmtoolsd does.
namespace gk::vix {

// VixMsgSimpleFileRequest: i32 fileOptions; u32 guestPathNameLength; path.
// DeleteGuestFile(Ex), DeleteGuestDirectory, DeleteGuestEmptyDirectory,
// DeleteGuestRegistryKey, GuestFileExists, DirectoryExists,
// RegistryKeyExists, GetFileInfo.
struct SimpleFileRequest
{
    static constexpr quint32 kFixedSize = 8;
    qint32 fileOptions = 0;
    QString path;

    static Decoded<SimpleFileRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// ListDirectory: VixMsgSimpleFileRequest, or VixMsgListDirectoryRequest
// (i32 fileOptions; u32 guestPathNameLength; i64 offset) when fileOptions has
// VIX_LIST_DIRECTORY_USE_OFFSET.
struct ListDirectoryRequest
{
    qint32 fileOptions = 0;
    QString path;
    qint64 offset = 0;
    bool hasOffset() const;

    static Decoded<ListDirectoryRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgListFilesRequest: i32 fileOptions; u32 guestPathNameLength,
// patternLength; i32 index, maxResults; u64 offset; then path and, when
// patternLength is non-zero, pattern (a GLib regex). VixToolsListFiles
// answers VIX_E_INVALID_ARG for offset >= MAX_INT32, or offset >= maxResults
// when maxResults > 0, before it reads the strings.
struct ListFilesRequest
{
    static constexpr quint32 kFixedSize = 28;
    qint32 fileOptions = 0;
    QString path;
    QString pattern; // empty: no filter
    qint32 index = 0;
    qint32 maxResults = 0;
    quint64 offset = 0;

    static Decoded<ListFilesRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// CreateDirectory: VixMsgCreateFileRequest (i32 fileOptions;
// u32 guestPathNameLength, filePropertiesLength) for the old opcode,
// VixMsgCreateFileRequestEx (+ Bool createParentDirectories) for
// CreateDirectoryEx. The old form always creates parents.
struct CreateDirectoryRequest
{
    qint32 fileOptions = 0;
    QString path;
    bool createParentDirectories = true;

    static Decoded<CreateDirectoryRequest> decode(const QByteArray &body, bool ex);
    QByteArray encode(bool ex) const;
};

// VixMsgDeleteDirectoryRequest (DeleteGuestDirectoryEx): i32 fileOptions;
// u32 guestPathNameLength, filePropertiesLength; Bool recursive; path.
struct DeleteDirectoryRequest
{
    static constexpr quint32 kFixedSize = 13;
    qint32 fileOptions = 0;
    QString path;
    bool recursive = false;

    static Decoded<DeleteDirectoryRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// MoveGuestFile: VixCommandRenameFileRequest (i32 copyFileOptions;
// u32 oldPathNameLength, newPathNameLength, filePropertiesLength);
// MoveGuestFileEx and MoveGuestDirectory: VixCommandRenameFileRequestEx
// (+ Bool overwrite). Then strings old path, new path. The old form always
// overwrites.
struct MoveRequest
{
    qint32 copyFileOptions = 0;
    QString oldPath;
    QString newPath;
    bool overwrite = true;

    static Decoded<MoveRequest> decode(const QByteArray &body, bool ex);
    QByteArray encode(bool ex) const;
};

// VixMsgSetGuestFileAttributesRequest: i32 fileOptions; i64 accessTime,
// modificationTime (Unix seconds); i32 ownerId, groupId, permissions;
// Bool hidden, readOnly; u32 guestPathNameLength; path. fileOptions holds
// VixFileAttrSet bits saying which fields apply. (vmtoolsd also refuses
// hidden/readOnly on POSIX guests and owner/group/permissions on Windows with
// INVALID_ARG; that rule is the server's, as it depends on the OS.)
struct SetFileAttributesRequest
{
    static constexpr quint32 kFixedSize = 38;
    qint32 fileOptions = 0;
    qint64 accessTime = 0;
    qint64 modificationTime = 0;
    qint32 ownerId = 0;
    qint32 groupId = 0;
    qint32 permissions = 0;
    bool hidden = false;
    bool readOnly = false;
    QString path;

    bool isSet(qint32 flag) const { return (fileOptions & flag) == flag; }
    static Decoded<SetFileAttributesRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

} // namespace gk::vix
