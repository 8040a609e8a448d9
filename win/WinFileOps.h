#pragma once

#include "platform/FileRequests.h"
#include "platform/PlatformError.h"

namespace gk::platform::winos {

// The path-level file operations of the Windows session, each run as the
// calling thread's identity (the session impersonates around them). Kinds
// match the Linux backend's for the same situation.

// `count` random characters from [A-Za-z0-9] (the system's CSPRNG).
QByteArray randomName(int count);
PlatformError makeDirectory(const FilePath &path, bool parents);
// A non-directory; a directory fails IsADirectory.
PlatformError removeFile(const FilePath &path);
// A directory (a link to one fails NotADirectory); Recursive deletes the
// tree, removing links inside it without following them, and read-only
// files too (as rm -r does on Linux, where the directory's rights decide).
PlatformError removeDirectory(const FilePath &path, RemoveMode mode);
// MoveFileExW, with Linux rename's rules for existing targets (an empty
// directory may be replaced by a directory) and copy-then-delete for a
// file going to another volume.
PlatformError moveEntry(const FilePath &from, const FilePath &to, const MoveOptions &options);
Result<FilePath> createTempEntry(const TempRequest &request);
PlatformError applyChange(const FilePath &path, const AttributeChange &change);
// Whether the calling thread's identity may write path (a file's data, or
// add entries to a directory): the OS's own access check, by opening it for
// that access. A read-only file fails PermissionDenied, as on Linux.
PlatformError checkWritable(const FilePath &path);

} // namespace gk::platform::winos
