// SystemInfoProvider on this machine, checked against values read
// independently (QtNetwork, QStorageInfo, /proc, /etc, hostname, ip).
#include "platform/SystemInfoProvider.h"

#include <QFile>
#include <QNetworkInterface>
#include <QProcess>
#include <QStorageInfo>
#include <QSysInfo>
#include <QtTest>

#include <netdb.h>

using namespace gk::platform;

namespace {

QString run(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    const bool finished = p.waitForFinished(10000);
    if (exitCode)
        *exitCode = finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromLocal8Bit(p.readAllStandardOutput()).trimmed();
}

QMap<QString, QString> osRelease()
{
    QMap<QString, QString> out;
    QFile f(QStringLiteral("/etc/os-release"));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QString &line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'))) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            out.insert(line.left(eq), line.mid(eq + 1).remove(QLatin1Char('"')));
    }
    return out;
}

} // namespace

class TestPlatformSysinfo : public QObject
{
    Q_OBJECT
    std::unique_ptr<SystemInfoProvider> m_info = createSystemInfoProvider();

private slots:
    void hostNameMatchesTheHostnameCommand()
    {
        const Result<QString> name = m_info->hostName();
        QVERIFY(name.ok());
        QVERIFY(!name.value.isEmpty());
        QCOMPARE(name.value, QSysInfo::machineHostName());
        int exitCode = -1;
        const QString hostname = run(QStringLiteral("hostname"), {}, &exitCode);
        if (exitCode != 0)
            QSKIP("no hostname command");
        QCOMPARE(name.value, hostname);
    }

    // The FQDN is the canonical name of the host name, as `hostname -f` and
    // getaddrinfo(AI_CANONNAME) (computed here, not by the backend) give it.
    void fqdnIsTheCanonicalNameOfTheHostName()
    {
        const Result<QString> fqdn = m_info->fqdn();
        QVERIFY(fqdn.ok());
        QVERIFY(!fqdn.value.isEmpty());
        const QByteArray host = QSysInfo::machineHostName().toLocal8Bit();
        struct addrinfo hints = {};
        hints.ai_flags = AI_CANONNAME;
        struct addrinfo *info = nullptr;
        QString canonical = QString::fromLocal8Bit(host); // unresolvable: the name itself
        if (::getaddrinfo(host.constData(), nullptr, &hints, &info) == 0) {
            if (info && info->ai_canonname)
                canonical = QString::fromLocal8Bit(info->ai_canonname);
            ::freeaddrinfo(info);
        }
        QCOMPARE(fqdn.value, canonical);
        int exitCode = -1;
        const QString dashF = run(QStringLiteral("hostname"), {QStringLiteral("-f")}, &exitCode);
        if (exitCode != 0)
            QSKIP("`hostname -f` cannot resolve the host name here; checked getaddrinfo only");
        QCOMPARE(fqdn.value, dashF);
    }

    void osIdentityMatchesOsReleaseAndUname()
    {
        const Result<OsIdentity> os = m_info->osIdentity();
        QVERIFY(os.ok());
        const QMap<QString, QString> release = osRelease();
        QCOMPARE(os.value.prettyName, release.value(QStringLiteral("PRETTY_NAME")));
        QCOMPARE(os.value.distroName, release.value(QStringLiteral("NAME")));
        QCOMPARE(os.value.distroVersion, release.value(QStringLiteral("VERSION_ID")));
        QCOMPARE(os.value.distroAddlVersion, release.value(QStringLiteral("VERSION")));
        QCOMPARE(os.value.kernelVersion, QSysInfo::kernelVersion());
        QCOMPARE(os.value.kernelVersion, run(QStringLiteral("uname"), {QStringLiteral("-r")}));
        QCOMPARE(os.value.familyName, QStringLiteral("Linux"));
        QCOMPARE(os.value.bitness, QSysInfo::WordSize);
        QVERIFY(os.value.fullName.startsWith(QStringLiteral("Linux ") + QSysInfo::kernelVersion() +
                                             QLatin1Char(' ')));
        if (release.value(QStringLiteral("ID")) != QLatin1String("debian") ||
            release.value(QStringLiteral("VERSION_ID")) != QLatin1String("12") ||
            QSysInfo::currentCpuArchitecture() != QLatin1String("x86_64"))
            QSKIP("the guest OS id check is for Debian 12 on x86_64");
        QCOMPARE(os.value.shortName, QStringLiteral("debian12-64"));
    }

    void uptimeMatchesProcUptime()
    {
        QFile f(QStringLiteral("/proc/uptime"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const qint64 expected = qint64(f.readAll().split(' ').first().toDouble());
        const Result<qint64> up = m_info->uptimeSeconds();
        QVERIFY(up.ok());
        QVERIFY(up.value >= expected && up.value <= expected + 2);
    }

    void interfacesMatchQtNetwork()
    {
        const Result<QList<NetworkInterface>> nics = m_info->networkInterfaces();
        QVERIFY(nics.ok());
        const QList<QNetworkInterface> expected = QNetworkInterface::allInterfaces();
        QCOMPARE(nics.value.size(), expected.size());
        for (const QNetworkInterface &e : expected) {
            const auto it =
                std::find_if(nics.value.begin(), nics.value.end(),
                             [&](const NetworkInterface &n) { return n.name == e.name(); });
            QVERIFY2(it != nics.value.end(), qPrintable(e.name()));
            QCOMPARE(it->up, bool(e.flags() & QNetworkInterface::IsUp));
            const QString mac = e.hardwareAddress().toLower();
            QCOMPARE(it->macAddress, mac == QLatin1String("00:00:00:00:00:00") ? QString() : mac);
            QStringList want, got;
            for (const QNetworkAddressEntry &a : e.addressEntries()) {
                QHostAddress ip = a.ip();
                ip.setScopeId(QString());
                want.append(QStringLiteral("%1/%2").arg(ip.toString()).arg(a.prefixLength()));
            }
            for (const IpAddress &a : it->addresses) {
                got.append(QStringLiteral("%1/%2").arg(a.address).arg(a.prefixLength));
                QCOMPARE(a.ipv6, a.address.contains(QLatin1Char(':')));
            }
            want.sort();
            got.sort();
            QCOMPARE(got, want);
        }
        const auto lo =
            std::find_if(nics.value.begin(), nics.value.end(),
                         [](const NetworkInterface &n) { return n.name == QLatin1String("lo"); });
        QVERIFY(lo != nics.value.end());
        QVERIFY(lo->addresses.contains(IpAddress{QStringLiteral("127.0.0.1"), 8, false}));
    }

    void routesMatchIpRoute()
    {
        if (!QFile::exists(QStringLiteral("/usr/sbin/ip")) &&
            !QFile::exists(QStringLiteral("/sbin/ip")))
            QSKIP("iproute2 is not installed");
        const Result<QList<Route>> routes = m_info->routes();
        QVERIFY(routes.ok());
        const auto count = [&](bool v6) {
            return std::count_if(routes.value.begin(), routes.value.end(),
                                 [v6](const Route &r) { return r.ipv6 == v6; });
        };
        const QStringList v4 =
            run(QStringLiteral("ip"),
                {QStringLiteral("-4"), QStringLiteral("route"), QStringLiteral("show"),
                 QStringLiteral("table"), QStringLiteral("main")})
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(count(false), qsizetype(v4.size()));
        const QStringList v6 =
            run(QStringLiteral("ip"),
                {QStringLiteral("-6"), QStringLiteral("route"), QStringLiteral("show"),
                 QStringLiteral("table"), QStringLiteral("main")})
                .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(count(true), qsizetype(v6.size()));
        for (const QString &line : v4) {
            if (!line.startsWith(QLatin1String("default via ")))
                continue;
            const QString gateway = line.section(QLatin1Char(' '), 2, 2);
            const QString dev =
                line.section(QStringLiteral(" dev "), 1).section(QLatin1Char(' '), 0, 0);
            QVERIFY(routes.value.contains(
                        Route{QStringLiteral("0.0.0.0"), 0, gateway, dev, 0, false}) ||
                    std::any_of(routes.value.begin(), routes.value.end(), [&](const Route &r) {
                        return !r.ipv6 && r.prefixLength == 0 && r.gateway == gateway &&
                               r.interfaceName == dev;
                    }));
        }
    }

    void dnsServersMatchResolvConf()
    {
        QFile f(QStringLiteral("/etc/resolv.conf"));
        QStringList servers;
        if (f.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : f.readAll().split('\n')) {
                const QList<QByteArray> words = line.simplified().split(' ');
                if (words.size() >= 2 && words.first() == "nameserver")
                    servers.append(QString::fromLatin1(words.at(1)));
            }
        }
        const Result<DnsConfig> dns = m_info->dnsConfig();
        QVERIFY(dns.ok());
        QCOMPARE(dns.value.servers, servers);
        QCOMPARE(dns.value.hostName, QSysInfo::machineHostName().section(QLatin1Char('.'), 0, 0));
    }

    void fileSystemsIncludeRootWithItsCapacityAndNoPseudoOnes()
    {
        const Result<QList<FileSystemInfo>> fs = m_info->fileSystems();
        QVERIFY(fs.ok());
        const QStorageInfo root = QStorageInfo::root();
        const auto it = std::find_if(fs.value.begin(), fs.value.end(), [](const FileSystemInfo &f) {
            return f.mountPoint == QLatin1String("/");
        });
        QVERIFY(it != fs.value.end());
        QCOMPARE(it->type, QString::fromLatin1(root.fileSystemType()));
        QCOMPARE(qint64(it->capacityBytes), root.bytesTotal());
        QVERIFY(it->freeBytes <= it->capacityBytes);
        // Free space moves; allow 64 MiB between the two reads.
        QVERIFY(qAbs(qint64(it->freeBytes) - root.bytesAvailable()) < (qint64(64) << 20));
        for (const FileSystemInfo &f : fs.value) {
            QVERIFY2(f.type != QLatin1String("proc") && f.type != QLatin1String("sysfs") &&
                         f.type != QLatin1String("tmpfs") &&
                         !f.type.startsWith(QLatin1String("cgroup")),
                     qPrintable(f.mountPoint));
            QVERIFY(f.capacityBytes > 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestPlatformSysinfo)
#include "tst_platform_sysinfo.moc"
