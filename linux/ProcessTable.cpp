#include "ProcessTable.h"

#include "LinuxErrors.h"

#include "DirentStream.h"
#include "UniqueFd.h"

#include <QHash>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <thread>
#include <vector>

namespace gk::platform {
namespace {

// Reads a /proc file (stat, cmdline) relative to an open directory with
// plain openat/read/close: QFile would add two fstat calls and a 1 MiB
// buffer per file, and a listing reads two files for each of hundreds of
// processes. proc(5) files fill the buffer given unless they end, so a
// short read is the end. Capped at 1 MiB.
QByteArray readProcFile(int dirFd, const char *name)
{
    linuxos::UniqueFd fd(::openat(dirFd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (!fd.isValid())
        return {};
    QByteArray out;
    char chunk[4096];
    while (out.size() < (1 << 20)) {
        const ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        out.append(chunk, int(n));
        if (size_t(n) < sizeof chunk)
            break;
    }
    return out;
}

QString userName(uid_t uid, QHash<uid_t, QString> *cache)
{
    const auto it = cache->constFind(uid);
    if (it != cache->constEnd())
        return *it;
    QString name = QString::number(uid);
    std::vector<char> buffer(4096);
    struct passwd pwd, *found = nullptr;
    while (getpwuid_r(uid, &pwd, buffer.data(), buffer.size(), &found) == ERANGE &&
           buffer.size() < (1u << 20))
        buffer.resize(buffer.size() * 2);
    if (found)
        name = QString::fromLocal8Bit(found->pw_name);
    cache->insert(uid, name);
    return name;
}

} // namespace

std::optional<ProcStat> parseProcStat(const QByteArray &stat)
{
    const qsizetype open = stat.indexOf('(');
    const qsizetype close = stat.lastIndexOf(')');
    if (open < 0 || close < open)
        return std::nullopt;
    ProcStat out;
    out.comm = QString::fromLocal8Bit(stat.mid(open + 1, close - open - 1));
    // After ")" come field 3 (state) onwards; starttime is field 22.
    const QList<QByteArray> fields = stat.mid(close + 1).simplified().split(' ');
    constexpr int startTimeIndex = 22 - 3;
    if (fields.size() <= startTimeIndex)
        return std::nullopt;
    bool ok = false;
    out.startTicks = fields.at(startTimeIndex).toULongLong(&ok);
    if (!ok)
        return std::nullopt;
    return out;
}

QString commandLineFromProc(const QByteArray &cmdline)
{
    QByteArray text = cmdline;
    while (text.endsWith('\0'))
        text.chop(1);
    text.replace('\0', ' ');
    return QString::fromLocal8Bit(text);
}

std::optional<QList<qint64>> uidsFromProcStatus(const QByteArray &status)
{
    for (const QByteArray &line : status.split('\n')) {
        if (!line.startsWith("Uid:"))
            continue;
        QList<qint64> ids;
        for (const QByteArray &field : line.mid(4).simplified().split(' ')) {
            bool ok = false;
            const qint64 id = field.toLongLong(&ok);
            if (!ok)
                return std::nullopt;
            ids.append(id);
        }
        if (ids.size() != 4)
            return std::nullopt;
        return ids;
    }
    return std::nullopt;
}

qint64 bootTimeSeconds()
{
    for (const QByteArray &line : readProcFile(AT_FDCWD, "/proc/stat").split('\n')) {
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toLongLong();
    }
    return 0;
}

namespace {

// One process's entry, read relative to the /proc descriptor: the owner from
// a stat of /proc/PID (as vmtoolsd), then the stat and cmdline files. Empty
// when the process exited meanwhile.
std::optional<ProcessInfo> readProcess(int procFd, long long pid, qint64 boot, long ticks,
                                       QHash<uid_t, QString> *owners)
{
    char path[64];
    std::snprintf(path, sizeof path, "%lld", pid);
    struct stat st;
    if (::fstatat(procFd, path, &st, 0) != 0)
        return std::nullopt;
    std::snprintf(path, sizeof path, "%lld/stat", pid);
    const std::optional<ProcStat> stat = parseProcStat(readProcFile(procFd, path));
    if (!stat)
        return std::nullopt;
    ProcessInfo info;
    info.pid = pid;
    info.name = stat->comm;
    info.owner = userName(st.st_uid, owners);
    std::snprintf(path, sizeof path, "%lld/cmdline", pid);
    info.commandLine = commandLineFromProc(readProcFile(procFd, path));
    if (ticks > 0)
        info.startTime = QDateTime::fromMSecsSinceEpoch(
            boot * 1000 + qint64(stat->startTicks) * 1000 / ticks, Qt::UTC);
    return info;
}

// Below this many processes per thread a second thread costs more than it saves.
constexpr size_t kProcessesPerThread = 96;

} // namespace

Result<QList<ProcessInfo>> readProcessTable()
{
    using R = Result<QList<ProcessInfo>>;
    linuxos::UniqueFd proc(::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!proc.isValid())
        return R::failure(
            linuxos::errnoError(errno, QStringLiteral("cannot list processes in /proc")));
    const qint64 boot = bootTimeSeconds();
    const long ticks = sysconf(_SC_CLK_TCK);
    // The pids first (getdents is cheap), then the three reads per process,
    // which are nearly all the cost (the kernel formats stat and copies the
    // command line out of the process's memory, 15-20 us a process on a
    // small VM): split over the CPUs when there are many processes.
    std::vector<long long> pids;
    linuxos::DirentStream entries(proc.get());
    linuxos::DirentStream::Entry entry;
    while (entries.next(&entry)) {
        char *end = nullptr;
        errno = 0;
        const long long pid = std::strtoll(entry.name, &end, 10);
        if (errno == 0 && end != entry.name && *end == '\0' && pid > 0)
            pids.push_back(pid);
    }
    const size_t cpus = std::max(1u, std::thread::hardware_concurrency());
    const size_t parts =
        std::clamp<size_t>(pids.size() / kProcessesPerThread, 1, std::min<size_t>(cpus, 4));
    std::vector<QList<ProcessInfo>> found(parts);
    auto readPart = [&](size_t part) {
        QHash<uid_t, QString> owners;
        for (size_t i = part; i < pids.size(); i += parts) {
            if (std::optional<ProcessInfo> info =
                    readProcess(proc.get(), pids[i], boot, ticks, &owners))
                found[part].append(std::move(*info));
        }
    };
    // A helper thread starts with this thread's credentials (clone copies
    // them), so it reads /proc with the same rights.
    std::vector<std::thread> helpers;
    for (size_t part = 1; part < parts; ++part) {
        try {
            helpers.emplace_back(readPart, part);
        } catch (const std::system_error &) {
            readPart(part); // no thread to be had: read that part here
        }
    }
    readPart(0);
    for (std::thread &t : helpers)
        t.join();
    QList<ProcessInfo> out;
    out.reserve(qsizetype(pids.size()));
    for (QList<ProcessInfo> &part : found)
        out.append(std::move(part));
    std::sort(out.begin(), out.end(),
              [](const ProcessInfo &a, const ProcessInfo &b) { return a.pid < b.pid; });
    return R::success(out);
}

} // namespace gk::platform
