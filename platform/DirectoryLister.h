#pragma once

#include "FileInfo.h"
#include "PlatformError.h"

#include <QVector>

#include <limits>

namespace gk::platform {

// A directory read as a stream: entries come in batches of at most N, so a
// directory with a million entries is never held at once. The lister keeps
// its place between calls; a VIX ListFiles page is skip(index) then
// nextBatch(maxResults), or simply the next nextBatch() on a kept lister.
// "." and ".." are never reported. Entries come in the OS's order.
// Each call runs with the identity of the session that opened it, on the
// calling thread (or on a worker when called on the event-loop thread).
// One thread at a time: a lister is a cursor, not a shared object.
class DirectoryLister
{
public:
    virtual ~DirectoryLister() = default;

    // Up to `max` entries that pass the name filter, with full attributes.
    // An empty list with no error means the end.
    virtual Result<QVector<FileInfo>> nextBatch(int max) = 0;
    // Passes over up to `count` matching entries without reading their
    // attributes; returns how many were skipped.
    virtual Result<qint64> skip(qint64 count) = 0;
    // Counts the matching entries from here to the end, as skip() over all
    // of them does, and leaves the lister at its end. A backend may count
    // faster than it skips (Linux: several threads over a large directory).
    virtual Result<qint64> countToEnd() { return skip(std::numeric_limits<qint64>::max()); }
    virtual bool atEnd() const = 0;
};

} // namespace gk::platform
