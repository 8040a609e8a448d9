// The Windows SystemInfoProvider, checked against what Qt reads on its own
// (QSysInfo, QNetworkInterface, QStorageInfo): the counterpart of
// tst_platform_sysinfo (Linux).
#include "platform/MemoryTrim.h"
#include "platform/SystemInfoProvider.h"

#include <QNetworkInterface>
#include <QStorageInfo>
#include <QSysInfo>
#include <QtTest>

using namespace gk::platform;

class TestWinSysinfo : public QObject
{
    Q_OBJECT
    std::unique_ptr<SystemInfoProvider> m_info = createSystemInfoProvider();

private slots:
    // The Windows side of the start-up trim (tst_platform_memorytrim on
    // Linux): the working set is emptied and the process goes on.
    void emptyingTheWorkingSetKeepsTheProcessWorking()
    {
        const QString before = QSysInfo::machineHostName();
        const MemoryTrimResult trim = trimStartupMemory();
        QVERIFY2(trim.error.isEmpty(), qPrintable(trim.error));
        QVERIFY(trim.releasedBytes > 0);
        QCOMPARE(QSysInfo::machineHostName(), before);
    }

    void hostNameIsTheComputerName()
    {
        const auto r = m_info->hostName();
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value.toLower(), QSysInfo::machineHostName().toLower().section('.', 0, 0));
        const auto fqdn = m_info->fqdn();
        QVERIFY(fqdn.ok());
        QVERIFY(fqdn.value.toLower().startsWith(r.value.toLower()));
    }

    void osIdentityIsWindowsWithAGuestOsId()
    {
        const auto r = m_info->osIdentity();
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QCOMPARE(r.value.familyName, QStringLiteral("Windows"));
        QVERIFY(r.value.shortName.startsWith(QStringLiteral("windows")));
        QVERIFY(r.value.shortName.endsWith(QStringLiteral("-64")));
        QCOMPARE(r.value.bitness, 64);
        QCOMPARE(r.value.kernelVersion.section('.', 0, 1),
                 QSysInfo::kernelVersion().section('.', 0, 1));
        QVERIFY(r.value.fullName.contains(r.value.buildNumber));
    }

    void uptimeIsPositive()
    {
        const auto r = m_info->uptimeSeconds();
        QVERIFY(r.ok());
        QVERIFY(r.value >= 0);
    }

    void interfacesCarryTheMacsQtSees()
    {
        const auto r = m_info->networkInterfaces();
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QSet<QString> ours, qts;
        for (const NetworkInterface &n : r.value) {
            if (!n.macAddress.isEmpty())
                ours.insert(n.macAddress.toLower());
            for (const IpAddress &a : n.addresses) {
                QVERIFY(!a.address.isEmpty());
                QVERIFY(a.prefixLength > 0 && a.prefixLength <= (a.ipv6 ? 128 : 32));
            }
        }
        for (const QNetworkInterface &q : QNetworkInterface::allInterfaces()) {
            if (!(q.flags() & QNetworkInterface::IsLoopBack) && !q.hardwareAddress().isEmpty() &&
                q.hardwareAddress() != QLatin1String("00:00:00:00:00:00"))
                qts.insert(q.hardwareAddress().toLower());
        }
        QCOMPARE(ours - QSet<QString>{QStringLiteral("00:00:00:00:00:00")}, qts);
    }

    void dnsAndRoutesAreReadable()
    {
        const auto dns = m_info->dnsConfig();
        QVERIFY2(dns.ok(), qPrintable(dns.error.message));
        QCOMPARE(dns.value.hostName.toLower(), m_info->hostName().value.toLower());
        const auto routes = m_info->routes();
        QVERIFY2(routes.ok(), qPrintable(routes.error.message));
        bool seenV6 = false;
        for (const Route &r : routes.value) {
            QVERIFY(!(seenV6 && !r.ipv6)); // IPv4 first
            seenV6 = seenV6 || r.ipv6;
        }
    }

    void fileSystemsIncludeTheSystemDrive()
    {
        const auto r = m_info->fileSystems();
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        const QString systemDrive = qEnvironmentVariable("SystemDrive", QStringLiteral("C:"));
        bool found = false;
        for (const FileSystemInfo &fs : r.value) {
            if (!fs.mountPoint.startsWith(systemDrive, Qt::CaseInsensitive))
                continue;
            found = true;
            QVERIFY(fs.capacityBytes > 0);
            QVERIFY(fs.freeBytes <= fs.capacityBytes);
            QVERIFY(!fs.type.isEmpty());
        }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestWinSysinfo)
#include "tst_win_sysinfo.moc"
