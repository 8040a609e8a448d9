#pragma once

#include "UniqueFd.h"

#include <QByteArray>

namespace gk::platform::linuxos {

// Keeps a file that a rename is about to replace alive past the rename, and
// lets it go on another thread.
//
// Renaming over a name drops the old file's last link; if nothing else holds
// it, the rename itself frees the file's pages and blocks: ~20 ms for 256 MiB
// on tmpfs and 100-185 ms on ext4 on the CI machine, all of it in the reply to
// the HGFS CLOSE that commits an upload. Holding the old file by an O_PATH
// descriptor moves that freeing to the moment the descriptor is closed, which
// release() does on a short-lived thread of its own.
class ReplacedFile
{
public:
    // Takes hold of `name` in `dirFd` when it is a regular file with one link
    // and at least kWorthDeferring bytes allocated; otherwise holds nothing
    // (freeing it costs little, or the rename does not free it). As the
    // calling thread's identity.
    ReplacedFile(int dirFd, const QByteArray &name);
    ReplacedFile(const ReplacedFile &) = delete;
    ReplacedFile &operator=(const ReplacedFile &) = delete;
    // Not released: closes it here.
    ~ReplacedFile() = default;

    bool holds() const { return m_fd.isValid(); }
    // Closes the descriptor on a new detached thread (here when no thread can
    // be had). The name may long have been given to another file: whatever
    // the descriptor holds is freed once nothing else does.
    void release();

    static constexpr qint64 kWorthDeferring = 8 * 1024 * 1024;

private:
    UniqueFd m_fd;
};

} // namespace gk::platform::linuxos
