#pragma once

#include "platform/PlatformError.h"

namespace gk::platform {

// The one errno -> PlatformError::Kind mapping of the process and system-info
// backend; the message should name the operation and its object.
PlatformError::Kind kindForErrno(int err);
PlatformError errnoToError(int err, const QString &message);

} // namespace gk::platform
