#pragma once

#include "VixErrorMap.h"
#include "VixOperation.h"
#include "platform/FileInfo.h"
#include "platform/FilePath.h"
#include "platform/SessionFiles.h"

#include <QByteArray>
#include <QString>

namespace gk::vix::server {

// What the file rows share: vmtoolsd's File_* predicates (lib/file) on a
// session, the error mapping, and the result entries of
// services/plugins/vix/vixTools.c.
namespace fileops {

inline platform::FilePath guestPath(const QString &path)
{
    return platform::FilePath::fromString(path);
}

inline OpReply failure(const platform::PlatformError &error)
{
    const VixFailure f = vixFailureFor(OpFamily::File, error);
    return OpReply::failure(f.error, f.additionalError);
}

// The answers of File_Exists (follows links), File_IsSymLink (lstat),
// File_IsDirectory / File_IsFile (follow links); `error` keeps the failure of
// the last stat for FoundryToolsDaemon_TranslateSystemErr.
struct PathFacts
{
    bool exists = false;
    bool isSymlink = false;
    bool isDirectory = false;
    bool isFile = false;
    platform::PlatformError error; // why the followed stat failed
    platform::FileInfo target;     // the followed stat
};
PathFacts pathFacts(platform::SessionFiles &files, const platform::FilePath &path);

// st_mode as vmtoolsd prints it: the permission bits with the POSIX file
// type bits (the same octal values on every Unix).
qint32 posixMode(const platform::FileInfo &info);
qint64 seconds(const std::optional<qint64> &ns);

// One <fxi> entry (fileExtendedInfoLinuxFormatString), the name as the bytes
// the file system holds: `entry` is the lstat of the name, `target` the
// followed stat (for a symlink, what it points to; type Unknown when broken).
QByteArray extendedInfoEntry(const QByteArray &name, const platform::FileInfo &entry,
                             const platform::FileInfo &target);
void appendExtendedInfoEntry(QByteArray &out, const QByteArray &name,
                             const platform::FileInfo &entry, const platform::FileInfo &target);
// VixToolsGetFileExtendedInfoLength: what vmtoolsd reserves for that entry
// when it decides whether it still fits the reply.
qsizetype extendedInfoReserve(const QByteArray &name, const QByteArray &symlinkTarget);
// The escaped length of a string (VixToolsXMLStringEscapedLen with escape on).
qsizetype escapedLength(const QByteArray &bytes);

} // namespace fileops
} // namespace gk::vix::server
