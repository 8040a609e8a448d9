#pragma once

#include <QIODevice>

#include <memory>

namespace gk::platform {

// What ProcessManager::start hands back at once: the pid and, for each
// stream the spec asked a pipe for, the parent's end as an open, sequential,
// unbuffered QIODevice that owns the OS handle (closing or destroying it
// closes the pipe; closing stdIn gives the child end-of-file). Reads block
// until some data is there and return what has come (0 at the end), so
// output streams as the child writes it; writes block until done.
struct StartedProcess
{
    qint64 pid = 0;
    std::unique_ptr<QIODevice> stdIn;
    std::unique_ptr<QIODevice> stdOut;
    std::unique_ptr<QIODevice> stdErr;
};

} // namespace gk::platform
