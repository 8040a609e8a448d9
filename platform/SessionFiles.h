#pragma once

#include "AtomicFileWriter.h"
#include "DirectoryLister.h"
#include "FileInfo.h"
#include "FilePath.h"
#include "FileReader.h"
#include "FileRequests.h"
#include "PlatformError.h"

#include <QRegularExpression>

#include <memory>

namespace gk::platform {

// The file operations of a GuestSession. Every call runs with the session
// user's identity, so the OS checks each access as that user: on the calling
// thread when it is a worker, on a pool thread (the caller waiting) when it
// is the event-loop thread. Objects it returns keep the session alive.
// Paths are absolute; a relative path is resolved against the daemon's
// working directory and is best avoided.
class SessionFiles
{
public:
    virtual ~SessionFiles() = default;

    // The entry itself (lstat); followSymlinks reports what a link points to.
    virtual Result<FileInfo> stat(const FilePath &path, bool followSymlinks = false) = 0;
    // A stream over `directory`; with a non-empty `nameFilter`, only names
    // it matches (unanchored search, like a grep over the names; a name that
    // is not UTF-8 is matched with U+FFFD for its bad bytes). A bad pattern
    // fails with InvalidArgument.
    virtual Result<std::unique_ptr<DirectoryLister>>
    list(const FilePath &directory, const QRegularExpression &nameFilter = {}) = 0;

    // POSIX modes (`mode` here, the 0600/0700 of createTemporary,
    // WriteOptions::mode) are Linux's. The Windows backend ignores them: a
    // new directory, temporary file or written file gets the ACL inherited
    // from its parent directory (and FILE_ATTRIBUTE_NORMAL). Only
    // AttributeChange::mode means something there (FileRequests.h).
    virtual PlatformError makeDirectory(const FilePath &path, bool parents = false,
                                        quint32 mode = 0755) = 0;
    // A symbolic link at `path` holding `target` as written (not resolved,
    // not checked). An existing `path` fails with Exists. Where the OS or
    // the user cannot make links, NotSupported / PermissionDenied.
    virtual PlatformError makeSymlink(const FilePath &path, const QByteArray &target) = 0;
    // A file, symlink or other non-directory; a directory fails IsADirectory.
    virtual PlatformError removeFile(const FilePath &path) = 0;
    // A directory (a symlink to one fails NotADirectory).
    virtual PlatformError removeDirectory(const FilePath &path, RemoveMode mode) = 0;
    // Renames a file or a directory. An existing target fails with Exists
    // (without overwrite), IsADirectory (file onto a directory),
    // NotADirectory (directory onto a file), NotEmpty (directory onto a
    // non-empty one). A regular file moves to another file system by copy
    // and delete, as mv does; anything else there fails with CrossDevice.
    virtual PlatformError move(const FilePath &from, const FilePath &to,
                               const MoveOptions &options = {}) = 0;
    // Creates a new file (mode 0600) or directory (0700; both Linux only, see
    // makeDirectory) with a unique name prefix + random + suffix, and
    // returns its path.
    virtual Result<FilePath> createTemporary(const TempRequest &request) = 0;
    virtual PlatformError changeAttributes(const FilePath &path, const AttributeChange &change) = 0;
    // Whether the user may write `path` (the OS's own check, as access(W_OK)
    // with the session's identity); PermissionDenied when not.
    virtual PlatformError checkWritable(const FilePath &path) = 0;

    virtual Result<std::unique_ptr<FileReader>> openRead(const FilePath &path) = 0;
    virtual Result<std::unique_ptr<AtomicFileWriter>>
    openWrite(const FilePath &path, const WriteOptions &options = {}) = 0;

    // Where createTemporary() puts things when the request names no
    // directory: the user's own temp directory, as vmtoolsd chooses it (on
    // Linux a private 0700 directory the call creates on first use, see
    // LinuxSessionFiles::tempDirectory(); on Windows the profile's Temp).
    virtual FilePath tempDirectory() const = 0;
};

} // namespace gk::platform
