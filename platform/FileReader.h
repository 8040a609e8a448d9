#pragma once

#include "FileInfo.h"
#include "PlatformError.h"

#include <QByteArray>

namespace gk::platform {

// A file opened for reading as the session user. Reads are positional with
// 64-bit offsets, so HGFS/VIX transfers can read any chunk of a large file;
// the access check happened at open, reads need no identity switch.
// read() may be called from several threads at once (it keeps no position).
class FileReader
{
public:
    virtual ~FileReader() = default;

    // Up to `maxBytes` from `offset`; fewer (or none) at the end of the file.
    virtual Result<QByteArray> read(qint64 offset, qint64 maxBytes) = 0;
    // The attributes of the open file (not of whatever the path names now).
    virtual Result<FileInfo> info() = 0;
};

} // namespace gk::platform
