#pragma once

#include <QByteArray>
#include <QByteArrayList>

namespace gk::platform::linuxos {

// A user's default temp directory as vmtoolsd makes it for a VIX
// CreateTemporaryFile(Ex)/CreateTemporaryDirectory request without a
// directory on Linux. services/plugins/vix/vixTools.c (VixToolsGetTempFile)
// calls File_GetSafeRandomTmpDir(TRUE) while impersonating the user
// (seteuid); lib/file/fileTempPosix.c (FileGetSafeTmpDir with addPid):
//  1. the base is the first of: tools.conf's tmpDirectory, $TMPDIR,
//     P_tmpdir ("/tmp"), "/tmp", "~", the working directory, "/" that is a
//     directory the user may write and search (FileTryDir);
//  2. in it, a directory named "vmware-<user>_<daemon pid>-<random>"
//     (FileGetUserIdentifier: "uid_<uid>" when the user has no name) that is
//     a real directory (lstat), owned by the user, mode 0700 ignoring setgid
//     (FileAcceptableSafeTmpDir) is reused (FileFindExistingSafeTmpDir);
//     otherwise one is created with mode 0700 (FileCreateSafeTmpDir, up to
//     250 names);
//  3. it is remembered per user for the life of the process and checked again
//     (recreated if deleted) on every use.
// guestkit has no tmpDirectory setting, and its working directory is "/"
// under systemd, so the candidates are $TMPDIR, /tmp, the user's home, "/".
// Each function runs as the calling thread's identity: call it inside the
// session.

// The candidate base directories in vmtoolsd's order, for a user whose home
// is `home`.
QByteArrayList tempBaseCandidates(const QByteArray &home);

// "vmware-<user>_<pid>-": every safe temp directory of this user and daemon
// process starts with it.
QByteArray safeTempPrefix(const QByteArray &userName, qint64 uid, qint64 pid);

// A directory the caller may use as its own: it exists as a directory (not a
// symlink), is owned by `uid` and has mode 0700 (setgid ignored); made with
// 0700 when missing.
bool acceptableSafeTempDir(const QByteArray &path, qint64 uid);

// Finds or makes the user's safe temp directory under the first usable base
// of `bases`. Empty when none works.
QByteArray findOrCreateSafeTempDir(const QByteArrayList &bases, const QByteArray &userName,
                                   qint64 uid, qint64 pid);

} // namespace gk::platform::linuxos
