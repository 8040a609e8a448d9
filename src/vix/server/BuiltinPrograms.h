#pragma once

#include "StartedPrograms.h"

#include "hgfs/server/ProcessIo.h"
#include "platform/PlatformError.h"
#include "platform/UserAccount.h"

#include <QHash>
#include <QMutex>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

namespace gk::platform {
class GuestSession;
}

namespace gk::vix::server {

// What a built-in program sees of the world: its arguments (the
// StartProgram arguments string, as govmomi's Go functions get it), its
// standard streams (the same pipes a process with I/O has, read and written
// by the host through /proc/<pid>/std*), the session of the user that
// started it, and whether it was asked to end.
class BuiltinIo
{
public:
    BuiltinIo(QString arguments, std::shared_ptr<hgfs::server::ProcessStreams> streams,
              std::shared_ptr<platform::GuestSession> session);

    const QString &arguments() const { return m_arguments; }
    const std::shared_ptr<platform::GuestSession> &session() const { return m_session; }
    // Up to `max` bytes of input as they come; empty at its end (or when
    // cancelled). Waits at most `timeoutMs` (negative: until data or end);
    // *timedOut tells a timeout from the end.
    QByteArray read(qint64 max, int timeoutMs = -1, bool *timedOut = nullptr);
    // False when nobody will read any more (the program should stop).
    bool write(const QByteArray &data);
    bool writeError(const QByteArray &data);
    bool cancelled() const { return m_cancelled.load(); }
    void cancel() { m_cancelled = true; }

private:
    QString m_arguments;
    std::shared_ptr<hgfs::server::ProcessStreams> m_streams;
    std::shared_ptr<platform::GuestSession> m_session;
    std::atomic<bool> m_cancelled{false};
};

// A built-in: runs on its own thread, returns the exit code.
using BuiltinFunction = std::function<int(BuiltinIo &io)>;

// THE table of built-in programs, name -> function (govmomi
// toolbox/command.go DefaultStartCommand's "http.RoundTrip"). A duplicate
// name aborts, as every table in guestkit does.
class BuiltinPrograms
{
public:
    void add(const QString &name, BuiltinFunction function);
    const BuiltinFunction *find(const QString &name) const;
    QStringList names() const { return m_functions.keys(); }

private:
    QHash<QString, BuiltinFunction> m_functions;
};

// The built-ins guestkit ships, filled in one place.
BuiltinPrograms defaultBuiltinPrograms();

// Runs built-ins like processes: a pseudo pid above any the OS hands out
// (govmomi uses pseudo pids too), an entry in StartedPrograms (so
// ListProcessesEx lists it, with its exit code once done), its streams in
// the process I/O table (kept for the retention after it ends), and
// TerminateProcess by the user that started it.
class BuiltinRunner
{
public:
    static constexpr qint64 kFirstPid = 1000000000;
    // The exit code of a built-in asked to end (128 + SIGTERM, as a shell
    // reports a terminated process).
    static constexpr int kTerminatedExitCode = 143;
    // Built-ins running at once, at most; start() fails with TooMany beyond.
    static constexpr int kMaxRunning = 64;

    BuiltinRunner(BuiltinPrograms programs, StartedPrograms &started,
                  std::shared_ptr<hgfs::server::ProcessIoTable> io);
    ~BuiltinRunner();

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool enabled() const { return m_enabled; }
    void setRetention(std::chrono::milliseconds retention) { m_retention = retention; }
    bool has(const QString &name) const;

    // Starts `name` as the session's user; the pid.
    platform::Result<qint64> start(const std::shared_ptr<platform::GuestSession> &session,
                                   const QString &name, const QString &arguments);
    // Asks the built-in `pid` to end. NoSuchProcess when pid is not a
    // running built-in; PermissionDenied for another user's.
    platform::PlatformError terminate(const platform::UserAccount &user, qint64 pid);
    bool isBuiltinPid(qint64 pid) const { return pid >= kFirstPid; }
    int running() const;

private:
    struct Run
    {
        qint64 pid = 0;
        QString owner;
        std::shared_ptr<BuiltinIo> io;
        std::thread thread;
        bool done = false;
        std::chrono::steady_clock::time_point endedAt;
    };
    void reapLocked();

    BuiltinPrograms m_programs;
    StartedPrograms &m_started;
    std::shared_ptr<hgfs::server::ProcessIoTable> m_io;
    std::atomic<bool> m_enabled{true};
    std::chrono::milliseconds m_retention = std::chrono::minutes(5);
    mutable QMutex m_mutex;
    QHash<qint64, std::shared_ptr<Run>> m_runs;
    qint64 m_nextPid = kFirstPid;
};

} // namespace gk::vix::server
