#pragma once

#include "platform/FileInfo.h"
#include "platform/FilePath.h"
#include "platform/PlatformError.h"

#include <string>

namespace gk::platform::winos {

// FILETIME (100 ns units since 1601) <-> nanoseconds since 1970.
qint64 nsFromFileTime(quint64 fileTime);
quint64 fileTimeFromNs(qint64 ns);

// The attribute fields every Windows FileInfo shares, from an attribute word
// and a reparse tag: type, hidden, readOnly, nativeAttributes.
void applyAttributes(FileInfo *info, quint32 attributes, quint32 reparseTag);
// The owner (and primary group) of a file as SID and account name; left
// unset when the security descriptor cannot be read.
void readOwner(const std::wstring &path, FileInfo *info);
// Full attributes of `path`: the entry itself, or with followSymlinks what a
// link points to. `name` is what FileInfo::name reports.
Result<FileInfo> statPath(const FilePath &path, bool followSymlinks);
// The same for an open file handle.
Result<FileInfo> statHandle(void *handle, const FilePath &path);

} // namespace gk::platform::winos
