#pragma once

#include "platform/FilePath.h"
#include "platform/FileRequests.h"
#include "platform/PlatformError.h"

namespace gk::platform::linuxos {

// `count` random characters from [A-Za-z0-9] (the kernel's random source).
QByteArray randomName(int count);
// Creates request.kind in request.directory as prefix + random + suffix
// with O_EXCL / mkdir, retrying on a name clash (mkstemps and mkdtemp
// cannot both take a suffix, so one loop serves both).
Result<FilePath> createTempEntry(const TempRequest &request);

} // namespace gk::platform::linuxos
