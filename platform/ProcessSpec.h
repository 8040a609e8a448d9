#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace gk::platform {

// What to start. The program is a path; a bare name is looked up in the
// PATH of the environment the process gets (like execvp / CreateProcess).
struct ProcessSpec
{
    QString program;
    QStringList arguments; // argv[1..]; argv[0] is the program as given
    // Empty: the user's home directory (where a login starts).
    QString workingDirectory;
    // nullopt: the user's login environment (ProcessManager::loginEnvironment).
    // Set: exactly these variables and nothing else.
    std::optional<QProcessEnvironment> environment;
    // Pipes to the parent for each stream; a stream without a pipe is
    // connected to the null device.
    bool pipeStdin = false;
    bool pipeStdout = false;
    bool pipeStderr = false;
    // false: start() returns once the process exists, without waiting until
    // the program is running; a failure after that (the working directory,
    // the identity, the program's execution) is then exit code 127, logged
    // by the daemon. For callers that have checked the program and the
    // working directory as the user beforehand (VIX StartProgram, as
    // vmtoolsd). A hint: backends that cannot do it wait (Linux outside
    // x86-64), and Windows' CreateProcess always returns at once.
    bool waitForExec = true;
};

} // namespace gk::platform
