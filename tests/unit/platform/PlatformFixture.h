#pragma once

#include "TestUser.h"
#include "platform/Authenticator.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace gk::test {

// Two guest users with sessions, for the identity tests (root only).
struct TwoUsers
{
    TestUser first;
    TestUser second;
    std::unique_ptr<platform::Authenticator> authenticator;
    std::shared_ptr<platform::GuestSession> firstSession;
    std::shared_ptr<platform::GuestSession> secondSession;

    // False with a reason when not root or a user cannot be set up.
    bool setUp(QString *why, int failureDelayMs = 100);
};

// The fsuid the kernel holds for thread `tid` of this process (the fourth
// value of the Uid: line of /proc/self/task/<tid>/status); -1 on error.
qint64 fsUidOfThread(qint64 tid);
qint64 currentThreadId();

// Plain file helpers that run as the test process (root), not as a session.
bool writeFile(const QByteArray &path, const QByteArray &data, int mode = 0644);
QByteArray readFile(const QByteArray &path);
bool chownPath(const QByteArray &path, qint64 uid, qint64 gid);
bool chmodPath(const QByteArray &path, int mode);

// A small tmpfs mounted on an existing directory for the life of the object
// (root only), for the error kinds only a full or mounted file system gives.
class TmpfsMount
{
public:
    TmpfsMount() = default;
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;

    // Mounts with the tmpfs `options` ("size=64k,uid=1001,..."); false with
    // the reason (not root, no CAP_SYS_ADMIN in a container, ...).
    bool mount(const QByteArray &directory, const QByteArray &options, QString *why);
    // Free bytes as statfs reports them; -1 on error.
    qint64 freeBytes() const;

private:
    QByteArray m_directory;
};

} // namespace gk::test
