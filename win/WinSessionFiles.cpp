#include "WinSessionFiles.h"

#include "WinAtomicFileWriter.h"
#include "WinDirectoryLister.h"
#include "WinErrors.h"
#include "WinFileOps.h"
#include "WinFileReader.h"
#include "WinGuestSession.h"
#include "WinStat.h"

#include <QDir>

#include <windows.h>

namespace gk::platform::winos {

Result<FileInfo> WinSessionFiles::stat(const FilePath &path, bool followSymlinks)
{
    return m_session.run([&] { return statPath(path, followSymlinks); });
}

Result<std::unique_ptr<DirectoryLister>> WinSessionFiles::list(const FilePath &directory,
                                                               const QRegularExpression &nameFilter)
{
    using R = Result<std::unique_ptr<DirectoryLister>>;
    if (!nameFilter.isValid())
        return R::failure(
            PlatformError::make(PlatformError::Kind::InvalidArgument, ERROR_INVALID_PARAMETER,
                                QStringLiteral("list '%1': bad name filter: %2")
                                    .arg(directory.toString(), nameFilter.errorString())));
    return m_session.run([&] {
        return WinDirectoryLister::open(m_session.shared_from_this(), directory, nameFilter);
    });
}

PlatformError WinSessionFiles::makeDirectory(const FilePath &path, bool parents, quint32)
{
    // The new directory inherits its parent's ACL, Windows' counterpart of
    // the mode (which has no meaning here).
    return m_session.run([&] { return winos::makeDirectory(path, parents); });
}

PlatformError WinSessionFiles::makeSymlink(const FilePath &path, const QByteArray &)
{
    // Symbolic links on Windows need a privilege or developer mode, and an
    // archive's POSIX link targets mean little there: refused, clearly.
    return PlatformError::make(
        PlatformError::Kind::NotSupported, 0,
        QStringLiteral("symlink %1: symbolic links are not made on Windows").arg(path.toString()));
}

PlatformError WinSessionFiles::removeFile(const FilePath &path)
{
    return m_session.run([&] { return winos::removeFile(path); });
}

PlatformError WinSessionFiles::removeDirectory(const FilePath &path, RemoveMode mode)
{
    return m_session.run([&] { return winos::removeDirectory(path, mode); });
}

PlatformError WinSessionFiles::move(const FilePath &from, const FilePath &to,
                                    const MoveOptions &options)
{
    return m_session.run([&] { return moveEntry(from, to, options); });
}

Result<FilePath> WinSessionFiles::createTemporary(const TempRequest &request)
{
    TempRequest resolved = request;
    if (resolved.directory.isEmpty())
        resolved.directory = tempDirectory();
    return m_session.run([&] { return createTempEntry(resolved); });
}

PlatformError WinSessionFiles::changeAttributes(const FilePath &path, const AttributeChange &change)
{
    return m_session.run([&] { return applyChange(path, change); });
}

PlatformError WinSessionFiles::checkWritable(const FilePath &path)
{
    return m_session.run([&] { return winos::checkWritable(path); });
}

Result<std::unique_ptr<FileReader>> WinSessionFiles::openRead(const FilePath &path)
{
    return m_session.run([&] { return WinFileReader::open(path); });
}

Result<std::unique_ptr<AtomicFileWriter>> WinSessionFiles::openWrite(const FilePath &path,
                                                                     const WriteOptions &options)
{
    return m_session.run(
        [&] { return WinAtomicFileWriter::open(m_session.shared_from_this(), path, options); });
}

FilePath WinSessionFiles::tempDirectory() const
{
    // The service's TEMP (C:\Windows\Temp for LocalSystem) is not the
    // user's: a user's temporary files go under their own profile.
    const QString home = m_session.user().home;
    if (!m_session.isDaemonUser() && !home.isEmpty())
        return FilePath::fromString(QDir::fromNativeSeparators(home) +
                                    QStringLiteral("/AppData/Local/Temp"));
    wchar_t buffer[MAX_PATH + 1];
    const DWORD n = GetTempPathW(MAX_PATH + 1, buffer);
    QString path =
        n ? QString::fromWCharArray(buffer, int(n)) : QStringLiteral("C:\\Windows\\Temp");
    path = QDir::fromNativeSeparators(path);
    if (path.endsWith(QLatin1Char('/')) && path.size() > 3)
        path.chop(1);
    return FilePath::fromString(path);
}

} // namespace gk::platform::winos
