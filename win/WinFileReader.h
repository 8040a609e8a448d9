#pragma once

#include "platform/FilePath.h"
#include "platform/FileReader.h"

#include <memory>

namespace gk::platform::winos {

// A regular file open for positional reads (ReadFile with an OVERLAPPED
// offset: 64-bit, no shared file position, so reads may run concurrently).
class WinFileReader final : public FileReader
{
public:
    // Opens `path` as the calling thread's identity; a directory fails
    // IsADirectory, anything but a disk file InvalidArgument (as on Linux).
    static Result<std::unique_ptr<FileReader>> open(const FilePath &path);
    ~WinFileReader() override;

    Result<QByteArray> read(qint64 offset, qint64 maxBytes) override;
    Result<FileInfo> info() override;

    static constexpr qint64 kMaxChunk = 64 * 1024 * 1024;

private:
    WinFileReader(void *handle, FilePath path) : m_handle(handle), m_path(std::move(path)) {}
    void *m_handle;
    FilePath m_path;
};

} // namespace gk::platform::winos
