#include "IdNameCache.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace gk::platform::linuxos {
namespace {

// Names change rarely; a renamed account shows its new name within this.
constexpr qint64 kLifetimeMs = 30000;
constexpr int kMaxEntries = 4096;

class NameCache
{
public:
    template <typename Lookup> QString get(qint64 id, Lookup lookup)
    {
        {
            QMutexLocker lock(&m_mutex);
            const auto it = m_entries.constFind(id);
            if (it != m_entries.cend() && m_clock.elapsed() - it->stamp < kLifetimeMs)
                return it->name;
        }
        const QString name = lookup(id);
        QMutexLocker lock(&m_mutex);
        if (m_entries.size() >= kMaxEntries)
            m_entries.clear();
        m_entries.insert(id, Entry{name, m_clock.elapsed()});
        return name;
    }

    NameCache() { m_clock.start(); }

private:
    struct Entry
    {
        QString name;
        qint64 stamp = 0;
    };
    QMutex m_mutex;
    QElapsedTimer m_clock;
    QHash<qint64, Entry> m_entries;
};

long bufferSize(int name)
{
    const long n = ::sysconf(name);
    return n > 0 ? n : 16384;
}

QString lookUpUser(qint64 uid)
{
    std::vector<char> buf(size_t(bufferSize(_SC_GETPW_R_SIZE_MAX)));
    passwd pw{};
    passwd *found = nullptr;
    while (::getpwuid_r(uid_t(uid), &pw, buf.data(), buf.size(), &found) == ERANGE &&
           buf.size() < (1u << 20))
        buf.resize(buf.size() * 2);
    return found ? QString::fromUtf8(found->pw_name) : QString();
}

QString lookUpGroup(qint64 gid)
{
    std::vector<char> buf(size_t(bufferSize(_SC_GETGR_R_SIZE_MAX)));
    group gr{};
    group *found = nullptr;
    while (::getgrgid_r(gid_t(gid), &gr, buf.data(), buf.size(), &found) == ERANGE &&
           buf.size() < (1u << 20))
        buf.resize(buf.size() * 2);
    return found ? QString::fromUtf8(found->gr_name) : QString();
}

} // namespace

QString userNameOf(qint64 uid)
{
    static NameCache cache;
    return cache.get(uid, lookUpUser);
}

QString groupNameOf(qint64 gid)
{
    static NameCache cache;
    return cache.get(gid, lookUpGroup);
}

} // namespace gk::platform::linuxos
