#pragma once

#include "platform/FilePath.h"
#include "platform/PlatformError.h"

namespace gk::platform::linuxos {

// errno -> portable kind: the one table of the Linux backend.
PlatformError::Kind kindFromErrno(int err);
// The error for a failure described by `message` ("kill 123"), with errno's text.
PlatformError errnoError(int err, const QString &message);
// The error for `op` on `path` failing with `err`: the kind, errno, and a
// message naming both ("mkdir '/tmp/x': File exists").
PlatformError errnoError(int err, const char *op, const FilePath &path);
PlatformError errnoError(int err, const char *op, const FilePath &from, const FilePath &to);

} // namespace gk::platform::linuxos
