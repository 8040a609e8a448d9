#pragma once

#include "GuestLogin.h"
#include "VixContext.h"
#include "VixOperation.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace gk::vix::server {

// How vmtoolsd starts a program for StartProgram, RunProgram and
// RunScriptInGuest on Linux (services/plugins/vix/vixTools.c
// VixToolsStartProgramImpl, VixToolsRunProgramImpl; lib/procMgr): it checks
// as the user that the program exists and may be executed, then runs
// `/bin/bash -c '"<program>" <arguments>'` (`/bin/sh` without bash) so that
// the arguments keep their shell meaning; a plain command line (no quoting,
// expansion or operators) is exec'd directly, which is what bash would do.
struct LaunchRequest
{
    QString programPath;                    // as the client sent it (may be quoted)
    QString arguments;                      // null: none
    QString workingDir;                     // null: the user's home
    std::optional<QStringList> environment; // "NAME=value"; nullopt: the login's
    // Pipes for stdin/stdout/stderr, served as /proc/<pid>/std* through HGFS
    // (govmomi's process I/O); the streams are kept for the retention after
    // the program ends.
    bool withIo = false;
};

// A command line bash would run by splitting the arguments at blanks and
// exec'ing the program, so it can be started without a shell.
bool isPlainCommand(const QString &programPath, const QString &arguments);

// The file name vmtoolsd checks: leading spaces skipped, a quoted name taken
// up to its closing quote.
QString programFileName(const QString &programPath);
// "\"<path>\" <arguments>", or "\"<path>\"".
QString fullCommandLine(const QString &programPath, const QString &arguments);

// The checks, run as the user (blocking; on a worker): VIX_E_FILE_NOT_FOUND,
// VIX_E_GUEST_USER_PERMISSIONS, VIX_E_NOT_A_DIRECTORY or VIX_OK.
VixError checkProgram(const GuestLogin &login, const QString &fileName, const QString &workingDir);

// Whether account may execute the file (mode bits against its ids; the
// administrator needs any execute bit).
bool isExecutableBy(const QString &path, const platform::UserAccount &account);
bool isExecutableBy(const QFileInfo &info, const platform::UserAccount &account);

// The arguments split at blanks and tabs, as bash splits a plain command.
QStringList splitAtBlanks(const QString &arguments);

// Starts the program on the event loop and calls done with the pid or the
// error (on the event loop). The environment is prepared on the caller's
// thread (a worker): the login environment with WriteVariable's additions.
void launchProgram(VixContext &ctx, const GuestLogin &login, const LaunchRequest &request,
                   std::function<void(OpReply reply, qint64 pid)> done);

} // namespace gk::vix::server
