#pragma once

#include "platform/FilePath.h"
#include "platform/PlatformError.h"

namespace gk::platform::winos {

// GetLastError -> portable kind: the one table of the Windows backend. The
// kinds match what the Linux backend reports for the same failure, so the
// VIX and HGFS layers map both the same way.
PlatformError::Kind kindFromWin32(unsigned long err);
// The system's text for `err` (FormatMessageW), without the trailing newline.
QString win32Message(unsigned long err);
// The error for a failure described by `message` ("terminate 123").
PlatformError winError(unsigned long err, const QString &message);
// The error for `op` on `path` failing with `err`, naming both.
PlatformError winError(unsigned long err, const char *op, const FilePath &path);
PlatformError winError(unsigned long err, const char *op, const FilePath &from, const FilePath &to);
// The same with GetLastError() read at once.
PlatformError lastError(const char *op, const FilePath &path);
PlatformError lastError(const QString &message);

} // namespace gk::platform::winos
