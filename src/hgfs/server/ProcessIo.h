#pragma once

#include "BoundedPipe.h"
#include "HgfsFileHandler.h"

#include <QHash>
#include <QIODevice>
#include <QMutex>

namespace gk::hgfs::server {

// The standard streams of a process started with I/O (govmomi
// toolbox/process/process.go ProcessIO): each a BoundedPipe, so output
// larger than memory streams through (the child blocks when nobody reads)
// and output of a process that has ended stays until it is read. For an OS
// process, pump threads move bytes between the pipes and the child's pipe
// devices; a built-in program uses the pipes directly.
class ProcessStreams
{
public:
    ProcessStreams(qint64 pid, QString owner, qint64 capacity = BoundedPipe::kDefaultCapacity);
    ~ProcessStreams();
    ProcessStreams(const ProcessStreams &) = delete;
    ProcessStreams &operator=(const ProcessStreams &) = delete;

    // Starts the pumps for an OS process's pipe devices (any may be null).
    void attach(std::unique_ptr<QIODevice> in, std::unique_ptr<QIODevice> out,
                std::unique_ptr<QIODevice> err);

    qint64 pid() const { return m_pid; }
    const QString &owner() const { return m_owner; }
    const std::shared_ptr<BoundedPipe> &stdIn() const { return m_in; }
    const std::shared_ptr<BoundedPipe> &stdOut() const { return m_out; }
    const std::shared_ptr<BoundedPipe> &stdErr() const { return m_err; }

    // Ends everything: stdin gets EOF, readers and writers are released.
    void shutdown();

private:
    const qint64 m_pid;
    const QString m_owner;
    std::shared_ptr<BoundedPipe> m_in, m_out, m_err;
};

// The processes with I/O, by pid. Thread-safe.
class ProcessIoTable
{
public:
    void add(std::shared_ptr<ProcessStreams> streams);
    std::shared_ptr<ProcessStreams> find(qint64 pid) const;
    // Forgets a process (its retention ended); its streams shut down once
    // the last open transfer lets go of them.
    void remove(qint64 pid);
    int size() const;

private:
    mutable QMutex m_mutex;
    QHash<qint64, std::shared_ptr<ProcessStreams>> m_streams;
};

// The key that names a user for ownership checks ("name:uid" or the SID).
QString ownerKeyOf(const platform::GuestSession &session);

// "/proc/<pid>/stdin|stdout|stderr" of a process in the table (govmomi's
// paths, which govc's guest.run and http.RoundTripper use): stdin is
// written (closing the transfer gives the process end-of-file), stdout and
// stderr are read. Only the user that started the process may use them.
// A read of output waits for data (up to kReadWaitMs) and returns what has
// come; when nothing came it fails busy (GENERIC_ERROR), so a client that
// reads stdout and stderr can turn to the other one and try again. stat: output of a process that
// has ended (or ends within kStatWaitMs) reports its exact size, so a VMX announces the right
// Content-Length; output of a running process whose buffer is full reports
// INT64_MAX (a stream that ends with a short read); a running process
// with room left is FileAccessError-busy, which govmomi's clients retry.
class ProcessIoHandler final : public HgfsFileHandler
{
public:
    static constexpr int kStatWaitMs = 1000;
    static constexpr int kReadWaitMs = 1000;

    explicit ProcessIoHandler(std::shared_ptr<ProcessIoTable> table);

    // Whether `path` names a stream of a process in the table.
    bool matches(const QByteArray &path) const;

    HgfsResult<platform::FileInfo> stat(const std::shared_ptr<platform::GuestSession> &session,
                                        const QByteArray &path) override;
    HgfsResult<std::unique_ptr<HgfsOpenFile>>
    open(const std::shared_ptr<platform::GuestSession> &session, const QByteArray &path,
         const HgfsOpenArgs &args) override;
    HgfsError setAttributes(const std::shared_ptr<platform::GuestSession> &session,
                            const QByteArray &path,
                            const platform::AttributeChange &change) override;

private:
    struct Target
    {
        std::shared_ptr<ProcessStreams> streams;
        QByteArray stream; // "stdin", "stdout", "stderr"
    };
    HgfsResult<Target> find(const std::shared_ptr<platform::GuestSession> &session,
                            const QByteArray &path) const;

    std::shared_ptr<ProcessIoTable> m_table;
};

} // namespace gk::hgfs::server
