#pragma once

#include "PlatformError.h"

#include <QByteArray>

namespace gk::platform {

// A file written as the session user that appears under its name only when
// complete: the data goes to an unnamed (or hidden temporary) file in the
// target's directory and commit() gives it the name in one atomic step.
// Destroying the writer before commit() aborts: nothing is left behind and
// an existing target is untouched. The new file is owned by the session user.
// One thread at a time.
class AtomicFileWriter
{
public:
    virtual ~AtomicFileWriter() = default;

    // Appends `data`; an error aborts the write.
    virtual PlatformError write(const QByteArray &data) = 0;
    // Flushes to disk and takes the target name (replacing it if allowed).
    virtual PlatformError commit() = 0;
    // Drops everything written so far; the writer is unusable afterwards.
    virtual void abort() = 0;
    virtual qint64 bytesWritten() const = 0;
};

} // namespace gk::platform
