#pragma once

#include "FileInfo.h"
#include "FilePath.h"

#include <optional>

namespace gk::platform {

// Parameters of the SessionFiles operations that take more than a path.

struct MoveOptions
{
    // Replace an existing target of the same kind (a file for a file, an
    // empty directory for a directory). Without it an existing target fails
    // with Exists, atomically (no check-then-rename window).
    bool overwrite = false;
};

enum class RemoveMode {
    EmptyOnly, // rmdir: fails with NotEmpty
    Recursive, // the whole tree; symlinks inside are removed, never followed
};

struct TempRequest
{
    enum class Kind { File, Directory };
    Kind kind = Kind::File;
    QByteArray prefix;
    QByteArray suffix;
    // Empty: the session user's temp directory (SessionFiles::tempDirectory()).
    FilePath directory;
};

// One ChangeFileAttributes request: every set field is applied, in the order
// owner/group, mode, times (chown clears set-id bits, so mode comes after it).
// `hidden` and `readOnly` are Windows attributes; the Linux backend answers
// NotSupported when they are set.
// On Windows `mode` has one meaning, the read-only attribute (as HGFS servers
// on Windows read it): an owner write bit (0200) that is clear sets
// FILE_ATTRIBUTE_READONLY, one that is set clears it, and every other bit is
// ignored; a `readOnly` given as well wins over `mode`.
struct AttributeChange
{
    std::optional<quint32> mode;
    std::optional<FileOwner> owner;
    std::optional<FileOwner> group;
    std::optional<qint64> accessed; // ns since the epoch
    std::optional<qint64> modified;
    std::optional<bool> hidden;
    std::optional<bool> readOnly;
};

struct WriteOptions
{
    // Replace an existing file. Without it commit() fails with Exists when
    // the target appeared, and openWrite() fails at once if it exists.
    bool overwrite = true;
    // Permission bits of a new file; an overwritten file keeps its own mode.
    // Linux only: on Windows it is ignored and the committed file, new or
    // replacing one, has FILE_ATTRIBUTE_NORMAL and the ACL its directory
    // passes on.
    quint32 mode = 0644;
    // Flush the data to the disk before the file takes its name. Off only
    // where the name itself is provisional (an archive's staging directory,
    // which is made durable as a whole or not at all).
    bool durable = true;
    // The name is new and lies in a directory that only this writer's caller
    // writes (an archive's staging directory, which takes its place as a
    // whole later): the file may be created under its name at once, without
    // an unnamed or temporary file and a link or rename at commit. An
    // existing name fails with Exists at openWrite(); abort() removes the
    // name again. Implies no overwrite. A backend may ignore it (Windows
    // does): the result is the same, only slower.
    bool createInPlace = false;
    // Applied at commit(), after the last write, as changeAttributes() would
    // apply it: the whole mode with its set-id bits (which a write clears)
    // and the times (which a write changes). Linux applies it to the open
    // file before it takes its name; Windows to the file once named. A
    // failure fails the commit.
    std::optional<AttributeChange> onCommit;
};

} // namespace gk::platform
