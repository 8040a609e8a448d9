// SystemInfoProvider for Linux: uname, getifaddrs, /proc and /etc.
#include "platform/SystemInfoProvider.h"

#include "GuestOsId.h"
#include "LinuxErrors.h"
#include "MountTable.h"
#include "ResolvConf.h"
#include "RouteTable.h"

#include <QFile>
#include <QHostAddress>
#include <QMap>

#include <bit>
#include <cerrno>
#include <cstring>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace gk::platform {
namespace {

Result<QByteArray> readProcFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(linuxos::errnoError(
            errno ? errno : ENOENT, QStringLiteral("cannot read %1").arg(path)));
    return Result<QByteArray>::success(file.readAll());
}

int prefixOf(const struct sockaddr *mask)
{
    if (!mask)
        return 0;
    int bits = 0;
    if (mask->sa_family == AF_INET) {
        bits = std::popcount(reinterpret_cast<const sockaddr_in *>(mask)->sin_addr.s_addr);
    } else if (mask->sa_family == AF_INET6) {
        for (unsigned char b : reinterpret_cast<const sockaddr_in6 *>(mask)->sin6_addr.s6_addr)
            bits += std::popcount(b);
    }
    return bits;
}

class LinuxSystemInfo final : public SystemInfoProvider
{
public:
    Result<QString> hostName() override
    {
        char name[256] = {};
        if (gethostname(name, sizeof name - 1) != 0)
            return Result<QString>::failure(
                linuxos::errnoError(errno, QStringLiteral("cannot read the host name")));
        return Result<QString>::success(QString::fromLocal8Bit(name));
    }

    Result<QString> fqdn() override
    {
        const Result<QString> host = hostName();
        if (!host.ok())
            return host;
        struct addrinfo hints = {};
        hints.ai_flags = AI_CANONNAME;
        hints.ai_family = AF_UNSPEC;
        struct addrinfo *info = nullptr;
        QString canonical = host.value;
        if (getaddrinfo(host.value.toLocal8Bit().constData(), nullptr, &hints, &info) == 0) {
            if (info && info->ai_canonname)
                canonical = QString::fromLocal8Bit(info->ai_canonname);
            freeaddrinfo(info);
        }
        return Result<QString>::success(canonical);
    }

    Result<OsIdentity> osIdentity() override
    {
        struct utsname u;
        if (uname(&u) != 0)
            return Result<OsIdentity>::failure(
                linuxos::errnoError(errno, QStringLiteral("uname failed")));
        // hostinfoPosix.c reads /etc/os-release, then /usr/lib/os-release.
        QByteArray osRelease;
        for (const char *path : {"/etc/os-release", "/usr/lib/os-release"}) {
            QFile file(QString::fromLatin1(path));
            if (file.open(QIODevice::ReadOnly)) {
                osRelease = file.read(64 * 1024);
                break;
            }
        }
        return Result<OsIdentity>::success(
            linuxOsIdentity(osRelease, QString::fromLocal8Bit(u.sysname),
                            QString::fromLocal8Bit(u.release), QString::fromLocal8Bit(u.machine)));
    }

    Result<qint64> uptimeSeconds() override
    {
        const Result<QByteArray> text = readProcFile(QStringLiteral("/proc/uptime"));
        if (!text.ok())
            return Result<qint64>::failure(text.error);
        bool ok = false;
        const double seconds = text.value.split(' ').value(0).toDouble(&ok);
        if (!ok)
            return Result<qint64>::failure(PlatformError::make(
                PlatformError::Kind::Io, 0, QStringLiteral("malformed /proc/uptime")));
        return Result<qint64>::success(qint64(seconds));
    }

    Result<QList<NetworkInterface>> networkInterfaces() override
    {
        using R = Result<QList<NetworkInterface>>;
        struct ifaddrs *list = nullptr;
        if (getifaddrs(&list) != 0)
            return R::failure(
                linuxos::errnoError(errno, QStringLiteral("cannot list network interfaces")));
        // Keep the kernel's order of first appearance.
        QList<NetworkInterface> out;
        QMap<QString, qsizetype> index;
        for (struct ifaddrs *a = list; a; a = a->ifa_next) {
            const QString name = QString::fromLocal8Bit(a->ifa_name);
            auto it = index.find(name);
            if (it == index.end()) {
                it = index.insert(name, out.size());
                out.append(NetworkInterface{name, {}, false, {}});
            }
            NetworkInterface &nic = out[*it];
            nic.up = nic.up || (a->ifa_flags & IFF_UP);
            if (!a->ifa_addr)
                continue;
            const int family = a->ifa_addr->sa_family;
            if (family == AF_PACKET) {
                const auto *ll = reinterpret_cast<const sockaddr_ll *>(a->ifa_addr);
                QStringList bytes;
                for (int i = 0; i < ll->sll_halen && i < 8; ++i)
                    bytes.append(
                        QStringLiteral("%1").arg(ll->sll_addr[i], 2, 16, QLatin1Char('0')));
                if (ll->sll_halen > 0 &&
                    bytes.join(QString()).count(QLatin1Char('0')) != bytes.size() * 2)
                    nic.macAddress = bytes.join(QLatin1Char(':'));
            } else if (family == AF_INET || family == AF_INET6) {
                QHostAddress address(a->ifa_addr);
                address.setScopeId(QString()); // the interface is already named
                nic.addresses.append(
                    IpAddress{address.toString(), prefixOf(a->ifa_netmask), family == AF_INET6});
            }
        }
        freeifaddrs(list);
        return R::success(out);
    }

    Result<DnsConfig> dnsConfig() override
    {
        QFile file(QStringLiteral("/etc/resolv.conf"));
        // No resolv.conf means the resolver's defaults: no servers configured.
        DnsConfig config =
            file.open(QIODevice::ReadOnly) ? parseResolvConf(file.read(1 << 20)) : DnsConfig{};
        // nicInfoPosix.c (RecordResolverInfo -> GuestInfoGetFqdn): the DNS
        // record carries gethostname() as it is, short or not.
        const Result<QString> host = hostName();
        config.hostName = host.ok() ? host.value : QString();
        return Result<DnsConfig>::success(config);
    }

    Result<QList<Route>> routes() override
    {
        using R = Result<QList<Route>>;
        const Result<QByteArray> v4 = readProcFile(QStringLiteral("/proc/net/route"));
        if (!v4.ok())
            return R::failure(v4.error);
        QList<Route> out = parseIpv4Routes(v4.value);
        // No IPv6 in the kernel: no file, and no IPv6 routes.
        const Result<QByteArray> v6 = readProcFile(QStringLiteral("/proc/net/ipv6_route"));
        if (v6.ok())
            out += parseIpv6Routes(v6.value);
        return R::success(out);
    }

    Result<QList<FileSystemInfo>> fileSystems() override
    {
        using R = Result<QList<FileSystemInfo>>;
        const Result<QByteArray> text = readProcFile(QStringLiteral("/proc/self/mountinfo"));
        if (!text.ok())
            return R::failure(text.error);
        QList<FileSystemInfo> out;
        for (const MountEntry &m : parseMountInfo(text.value)) {
            if (isPseudoFileSystem(m.type))
                continue;
            struct statvfs st;
            if (statvfs(QFile::encodeName(m.mountPoint).constData(), &st) != 0 || st.f_blocks == 0)
                continue; // gone meanwhile, or nothing behind it
            out.append(FileSystemInfo{m.mountPoint, m.source, m.type,
                                      quint64(st.f_blocks) * st.f_frsize,
                                      quint64(st.f_bavail) * st.f_frsize});
        }
        return R::success(out);
    }
};

} // namespace

std::unique_ptr<SystemInfoProvider> createSystemInfoProvider()
{
    return std::make_unique<LinuxSystemInfo>();
}

} // namespace gk::platform
