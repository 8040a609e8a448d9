#pragma once

#include "platform/SessionFiles.h"

#include <mutex>

namespace gk::platform::linuxos {

class LinuxGuestSession;

// Applies `change` in its order (owner/group, mode, times) as the calling
// thread's identity: to the open file `fd` when given (fchown, fchmod,
// futimens; `path` then only names it in errors), otherwise to `path`,
// following a symlink as chown, chmod and touch do.
PlatformError applyAttributeChange(const FilePath &path, const AttributeChange &change,
                                   int fd = -1);

// SessionFiles with POSIX calls; each call runs through its session's
// invoke(), so under the user's file-system identity.
class LinuxSessionFiles final : public SessionFiles
{
public:
    explicit LinuxSessionFiles(LinuxGuestSession &session) : m_session(session) {}

    Result<FileInfo> stat(const FilePath &path, bool followSymlinks) override;
    Result<std::unique_ptr<DirectoryLister>> list(const FilePath &directory,
                                                  const QRegularExpression &nameFilter) override;
    PlatformError makeDirectory(const FilePath &path, bool parents, quint32 mode) override;
    PlatformError makeSymlink(const FilePath &path, const QByteArray &target) override;
    PlatformError removeFile(const FilePath &path) override;
    PlatformError removeDirectory(const FilePath &path, RemoveMode mode) override;
    PlatformError move(const FilePath &from, const FilePath &to,
                       const MoveOptions &options) override;
    Result<FilePath> createTemporary(const TempRequest &request) override;
    PlatformError changeAttributes(const FilePath &path, const AttributeChange &change) override;
    PlatformError checkWritable(const FilePath &path) override;
    Result<std::unique_ptr<FileReader>> openRead(const FilePath &path) override;
    Result<std::unique_ptr<AtomicFileWriter>> openWrite(const FilePath &path,
                                                        const WriteOptions &options) override;
    // The user's private directory that vmtoolsd would use
    // (/tmp/vmware-<user>_<pid>-<n>, see SafeTempDir.h), made on first use.
    FilePath tempDirectory() const override;

private:
    LinuxGuestSession &m_session;
    mutable std::mutex m_tempMutex;
    mutable QByteArray m_tempDir; // the last one found or made, checked on each use
};

} // namespace gk::platform::linuxos
