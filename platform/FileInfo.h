#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace gk::platform {

enum class FileType { Unknown, Regular, Directory, Symlink, CharDevice, BlockDevice, Fifo, Socket };

// Who owns a file or what group it belongs to. Linux fills `id` (uid/gid);
// Windows fills `sid`. `name` is the account name when the OS can resolve it.
struct FileOwner
{
    qint64 id = -1;
    QString sid;
    QString name;

    bool isSet() const { return id >= 0 || !sid.isEmpty(); }
    static FileOwner fromId(qint64 id) { return FileOwner{id, {}, {}}; }
};

// Timestamps in nanoseconds since 1970-01-01 UTC; absent where the OS or
// file system does not keep them (birth time on many Linux file systems,
// change time on Windows).
struct FileTimes
{
    std::optional<qint64> accessed;
    std::optional<qint64> modified;
    std::optional<qint64> changed; // metadata change (POSIX ctime)
    std::optional<qint64> created; // birth time
};

// Everything a stat or a listing reports about one file. It describes the
// entry itself: a symlink is reported as a Symlink with its target.
struct FileInfo
{
    QByteArray name; // last component, bytes as the OS holds them (see FilePath)
    FileType type = FileType::Unknown;
    qint64 size = 0;
    FileTimes times;
    FileOwner owner;
    FileOwner group;
    // POSIX permission and special bits (07777), when the OS has them.
    std::optional<quint32> mode;
    // The OS's own attribute word (Windows FILE_ATTRIBUTE_*); 0 on Linux.
    quint32 nativeAttributes = 0;
    QByteArray symlinkTarget;
    // Linux: the name starts with '.'; Windows: FILE_ATTRIBUTE_HIDDEN.
    bool hidden = false;
    // Windows: FILE_ATTRIBUTE_READONLY; Linux: false (the mode says it).
    bool readOnly = false;

    bool isDirectory() const { return type == FileType::Directory; }
    bool isSymlink() const { return type == FileType::Symlink; }
};

} // namespace gk::platform
