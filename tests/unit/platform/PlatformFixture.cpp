#include "PlatformFixture.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace gk::test {

bool TwoUsers::setUp(QString *why, int failureDelayMs)
{
    if (!TestUser::ensure(&first, why) ||
        !TestUser::ensure(&second, why, QStringLiteral("gktest2"), QStringLiteral("gk-Test-pw2")) ||
        !ensurePamService(why))
        return false;
    platform::AuthenticatorOptions options;
    options.failureDelayMs = failureDelayMs;
    authenticator = platform::createAuthenticator(options);
    auto a = authenticator->authenticate(first.name, first.password);
    auto b = authenticator->authenticate(second.name, second.password);
    if (!a.ok() || !b.ok()) {
        *why = QStringLiteral("PAM refused the test users: ") + a.error.message + b.error.message;
        return false;
    }
    firstSession = a.value;
    secondSession = b.value;
    return true;
}

qint64 currentThreadId()
{
    return qint64(::syscall(SYS_gettid));
}

qint64 fsUidOfThread(qint64 tid)
{
    QFile status(QStringLiteral("/proc/self/task/%1/status").arg(tid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (!line.startsWith("Uid:"))
            continue;
        const QList<QByteArray> fields = line.mid(4).simplified().split(' ');
        return fields.size() == 4 ? fields.at(3).toLongLong() : -1;
    }
    return -1;
}

bool writeFile(const QByteArray &path, const QByteArray &data, int mode)
{
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, data.constData(), size_t(data.size())) == data.size();
    ::fchmod(fd, mode_t(mode));
    ::close(fd);
    return ok;
}

QByteArray readFile(const QByteArray &path)
{
    QFile f(QFile::decodeName(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool chownPath(const QByteArray &path, qint64 uid, qint64 gid)
{
    return ::chown(path.constData(), uid_t(uid), gid_t(gid)) == 0;
}

bool chmodPath(const QByteArray &path, int mode)
{
    return ::chmod(path.constData(), mode_t(mode)) == 0;
}

TmpfsMount::~TmpfsMount()
{
    // Lazily, so a test that failed with a file still open cannot keep it.
    if (!m_directory.isEmpty())
        ::umount2(m_directory.constData(), MNT_DETACH);
}

bool TmpfsMount::mount(const QByteArray &directory, const QByteArray &options, QString *why)
{
    if (::geteuid() != 0) {
        *why = QStringLiteral("mounting a tmpfs needs root");
        return false;
    }
    if (::mount("gktest-tmpfs", directory.constData(), "tmpfs", MS_NOSUID | MS_NODEV,
                options.constData()) != 0) {
        *why = QStringLiteral("cannot mount a tmpfs on %1: %2")
                   .arg(QFile::decodeName(directory), QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    m_directory = directory;
    return true;
}

qint64 TmpfsMount::freeBytes() const
{
    struct statfs st = {};
    if (::statfs(m_directory.constData(), &st) != 0)
        return -1;
    return qint64(st.f_bfree) * qint64(st.f_bsize);
}

} // namespace gk::test
