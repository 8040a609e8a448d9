#pragma once

#include "hgfs/codec/HgfsStatusMap.h"
#include "platform/FileInfo.h"
#include "platform/FileRequests.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace gk::platform {
class GuestSession;
}

namespace gk::hgfs::server {

// A failure a handler reports: the portable kind (mapped to the wire once, by
// hgfsStatusFor) and a message for the log.
struct HgfsError
{
    HgfsErrorKind kind = HgfsErrorKind::None;
    QString message;

    bool isError() const { return kind != HgfsErrorKind::None; }
};

template <typename T> struct HgfsResult
{
    T value{};
    HgfsError error;

    bool ok() const { return !error.isError(); }
    static HgfsResult success(T v) { return HgfsResult{std::move(v), {}}; }
    static HgfsResult failure(HgfsError e) { return HgfsResult{T{}, std::move(e)}; }
};

// What an OPEN asks for, after the server has read the wire's mode and flags.
struct HgfsOpenArgs
{
    quint32 accessMode = kOpenModeReadOnly; // kOpenModeReadOnly / WriteOnly / ReadWrite
    HgfsOpenFlags flags = HgfsOpenFlags::Open;
    std::optional<quint32> permissions; // POSIX bits for a new file, when the request gave them
};

// One open file of an HGFS session. The server serialises calls on one
// handle. Destroying a file opened for writing without close() aborts it:
// the target keeps its previous content (or stays absent).
class HgfsOpenFile
{
public:
    virtual ~HgfsOpenFile() = default;

    virtual HgfsResult<QByteArray> read(quint64 offset, quint32 maxBytes) = 0;
    // Returns the bytes taken.
    virtual HgfsResult<quint32> write(quint64 offset, const QByteArray &data, bool append) = 0;
    virtual HgfsResult<platform::FileInfo> info() = 0;
    // Completes the file: a written file takes its name here.
    virtual HgfsError close() = 0;
};

// Where the server's file ops go, chosen by path (govmomi toolbox/hgfs
// FileHandler): the guest file system by default; process I/O and archives
// are further handlers registered under a scheme (HgfsHandlerRegistry).
// Every call runs on a worker; `session` is the requesting user's, and the
// handler must act through it so the OS checks access as that user.
class HgfsFileHandler
{
public:
    virtual ~HgfsFileHandler() = default;

    // The entry at `path`. A regular file must report a size a transfer that
    // reads it to that size gets in full (files whose stat size is 0, as in
    // /proc, are measured).
    virtual HgfsResult<platform::FileInfo>
    stat(const std::shared_ptr<platform::GuestSession> &session, const QByteArray &path) = 0;
    virtual HgfsResult<std::unique_ptr<HgfsOpenFile>>
    open(const std::shared_ptr<platform::GuestSession> &session, const QByteArray &path,
         const HgfsOpenArgs &args) = 0;
    virtual HgfsError setAttributes(const std::shared_ptr<platform::GuestSession> &session,
                                    const QByteArray &path,
                                    const platform::AttributeChange &change) = 0;
};

} // namespace gk::hgfs::server
