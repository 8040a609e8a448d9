#pragma once

#include "platform/PlatformError.h"
#include "platform/ProcessSpec.h"
#include "platform/UserAccount.h"

#include <QProcessEnvironment>

#include <string>

namespace gk::platform::winos {

// One argument quoted the way CommandLineToArgvW and the MSVC runtime split
// a command line (backslashes doubled only before a quote).
QString quoteArgument(const QString &arg);
// program + arguments as one CreateProcess command line.
QString commandLine(const QString &program, const QStringList &arguments);
// A bare program name looked up in `path` (";"-separated) with the
// extensions of PATHEXT; the name itself when nothing matches.
QString resolveProgram(const QString &program, const QString &path);
// The environment a logon of `token` starts with (CreateEnvironmentBlock);
// the service's own environment for a null token.
Result<QProcessEnvironment> environmentOf(void *token);
// A CREATE_UNICODE_ENVIRONMENT block: NAME=value\0 ... \0, sorted by name.
std::wstring environmentBlock(const QProcessEnvironment &env);

struct LaunchedProcess
{
    void *process = nullptr; // process handle, owned by the caller
    qint64 pid = 0;
    void *stdio[3] = {nullptr, nullptr, nullptr}; // parent pipe ends, owned by the caller
};

// Starts spec as the user of `token` (CreateProcessAsUserW), or as the
// service itself for a null token (CreateProcessW), with no window, in a
// new process group.
Result<LaunchedProcess> launch(void *token, const ProcessSpec &spec, const QProcessEnvironment &env,
                               const QString &workingDirectory);

} // namespace gk::platform::winos
