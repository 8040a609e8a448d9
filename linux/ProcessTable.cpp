#include "ProcessTable.h"

#include "LinuxErrors.h"

#include <QDir>
#include <QFile>
#include <QHash>

#include <cerrno>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace gk::platform {
namespace {

QByteArray readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    return file.read(1 << 20);
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
    for (const QByteArray &line : readSmallFile(QStringLiteral("/proc/stat")).split('\n')) {
        if (line.startsWith("btime "))
            return line.mid(6).trimmed().toLongLong();
    }
    return 0;
}

Result<QList<ProcessInfo>> readProcessTable()
{
    using R = Result<QList<ProcessInfo>>;
    QDir proc(QStringLiteral("/proc"));
    if (!proc.exists())
        return R::failure(
            linuxos::errnoError(ENOENT, QStringLiteral("cannot list processes in /proc")));
    const qint64 boot = bootTimeSeconds();
    const long ticks = sysconf(_SC_CLK_TCK);
    QHash<uid_t, QString> owners;
    QList<ProcessInfo> out;
    const QStringList entries = proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Unsorted);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        const QString base = QStringLiteral("/proc/") + entry;
        struct stat st;
        if (::stat(QFile::encodeName(base).constData(), &st) != 0)
            continue;
        const std::optional<ProcStat> stat =
            parseProcStat(readSmallFile(base + QStringLiteral("/stat")));
        if (!stat)
            continue; // it exited meanwhile
        ProcessInfo info;
        info.pid = pid;
        info.name = stat->comm;
        info.owner = userName(st.st_uid, &owners);
        info.commandLine = commandLineFromProc(readSmallFile(base + QStringLiteral("/cmdline")));
        if (ticks > 0)
            info.startTime = QDateTime::fromMSecsSinceEpoch(
                boot * 1000 + qint64(stat->startTicks) * 1000 / ticks, Qt::UTC);
        out.append(info);
    }
    std::sort(out.begin(), out.end(),
              [](const ProcessInfo &a, const ProcessInfo &b) { return a.pid < b.pid; });
    return R::success(out);
}

} // namespace gk::platform
