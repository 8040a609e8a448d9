#pragma once

#include "UniqueFd.h"
#include "platform/FilePath.h"
#include "platform/FileReader.h"

#include <memory>

namespace gk::platform::linuxos {

// A regular file open for positional reads (pread, 64-bit offsets).
class LinuxFileReader final : public FileReader
{
public:
    // Opens `path` as the calling thread's identity; only regular files (a
    // FIFO or device would block or never end): others fail InvalidArgument.
    static Result<std::unique_ptr<FileReader>> open(const FilePath &path);

    Result<QByteArray> read(qint64 offset, qint64 maxBytes) override;
    Result<FileInfo> info() override;
    // Reads with O_NONBLOCK: a file with no data yet (EAGAIN) fails.
    Result<qint64> measure(qint64 cap) override;

    // One read returns at most this much, so a request cannot make the
    // daemon allocate without bound.
    static constexpr qint64 kMaxChunk = 64 * 1024 * 1024;

private:
    LinuxFileReader(UniqueFd fd, FilePath path) : m_fd(std::move(fd)), m_path(std::move(path)) {}
    UniqueFd m_fd;
    FilePath m_path;
};

} // namespace gk::platform::linuxos
