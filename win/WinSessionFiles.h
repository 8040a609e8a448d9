#pragma once

#include "platform/SessionFiles.h"

namespace gk::platform::winos {

class WinGuestSession;

// SessionFiles with the Win32 wide-character calls; each call runs through
// its session's invoke(), so impersonating the user.
class WinSessionFiles final : public SessionFiles
{
public:
    explicit WinSessionFiles(WinGuestSession &session) : m_session(session) {}

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
    FilePath tempDirectory() const override;

private:
    WinGuestSession &m_session;
};

} // namespace gk::platform::winos
