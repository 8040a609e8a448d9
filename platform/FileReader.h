#pragma once

#include "FileInfo.h"
#include "PlatformError.h"

#include <QByteArray>

#include <algorithm>

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
    // The bytes a read-through from offset 0 gives, up to `cap`: the size of
    // a file whose stat size says nothing (0 in /proc and /sys). A file that
    // would make a read wait for data (pipe-like) fails instead of blocking.
    // Not while other threads read.
    virtual Result<qint64> measure(qint64 cap)
    {
        constexpr qint64 kChunk = 256 * 1024;
        qint64 total = 0;
        while (total < cap) {
            Result<QByteArray> r = read(total, std::min(kChunk, cap - total));
            if (!r.ok())
                return Result<qint64>::failure(r.error);
            if (r.value.isEmpty())
                break;
            total += r.value.size();
        }
        return Result<qint64>::success(total);
    }
};

} // namespace gk::platform
