// The guest info module against a fake platform and a recording RPCI: the
// full report after reset, only changed records afterwards, vmtoolsd's
// fallbacks, and the collector's NIC selection.
#include "../rpc/FakeRpci.h"
#include "guestinfo/GuestInfoCollector.h"
#include "guestinfo/GuestInfoModule.h"
#include "guestinfo/PrimaryAddress.h"
#include "guestinfo/codec/GuestInfoDecoder.h"
#include "platform/SystemInfoProvider.h"
#include "rpc/ToolsCore.h"

#include <QMutex>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QtTest>

using namespace gk;
using namespace gk::guestinfo;

namespace {

// What the fake OS reports; the test changes it between gathers.
struct FakeMachine
{
    QMutex mutex;
    QList<platform::NetworkInterface> nics = {{QStringLiteral("eth0"),
                                               QStringLiteral("00:50:56:aa:bb:01"),
                                               true,
                                               {{QStringLiteral("192.0.2.10"), 24, false}}}};
    qint64 uptime = 1000;
};

class FakeProvider : public platform::SystemInfoProvider
{
public:
    explicit FakeProvider(std::shared_ptr<FakeMachine> m) : m_m(std::move(m)) {}
    template <typename T> static platform::Result<T> ok(T v)
    {
        return platform::Result<T>::success(std::move(v));
    }
    platform::Result<QString> hostName() override { return ok(QStringLiteral("guest1")); }
    platform::Result<QString> fqdn() override { return ok(QStringLiteral("guest1.example")); }
    platform::Result<platform::OsIdentity> osIdentity() override
    {
        platform::OsIdentity id;
        id.shortName = QStringLiteral("debian12-64");
        id.fullName = QStringLiteral("Debian GNU/Linux 12 (bookworm)");
        id.familyName = QStringLiteral("Linux");
        return ok(id);
    }
    platform::Result<qint64> uptimeSeconds() override
    {
        QMutexLocker lock(&m_m->mutex);
        return ok(m_m->uptime);
    }
    platform::Result<QList<platform::NetworkInterface>> networkInterfaces() override
    {
        QMutexLocker lock(&m_m->mutex);
        return ok(m_m->nics);
    }
    platform::Result<platform::DnsConfig> dnsConfig() override
    {
        return ok(platform::DnsConfig{QStringLiteral("guest1"),
                                      QStringLiteral("example"),
                                      {QStringLiteral("192.0.2.53")},
                                      {}});
    }
    platform::Result<QList<platform::Route>> routes() override
    {
        return ok(QList<platform::Route>{{QStringLiteral("0.0.0.0"), 0, QStringLiteral("192.0.2.1"),
                                          QStringLiteral("eth0"), 0, false}});
    }
    platform::Result<QList<platform::FileSystemInfo>> fileSystems() override
    {
        return ok(QList<platform::FileSystemInfo>{
            {QStringLiteral("/"), QStringLiteral("/dev/sda1"), QStringLiteral("ext4"), 1000, 400}});
    }

private:
    std::shared_ptr<FakeMachine> m_m;
};

int kindOf(const QByteArray &request)
{
    if (request.startsWith("SetGuestDiskInfo"))
        return 0;
    const auto env = GuestInfoMessage::parse(request);
    return env.ok() ? int(env->kind) : -1;
}

} // namespace

class TstGuestInfoModule : public QObject
{
    Q_OBJECT

    std::shared_ptr<FakeMachine> m_machine;
    FakeRpci m_rpci;
    std::unique_ptr<rpc::ToolsCore> m_core;
    std::unique_ptr<GuestInfoModule> m_module;

    void makeModule()
    {
        m_core = std::make_unique<rpc::ToolsCore>(m_rpci, rpc::ToolsIdentity());
        GuestInfoSettings settings;
        settings.pollInterval = std::chrono::seconds(0);
        auto machine = m_machine;
        m_module = std::make_unique<GuestInfoModule>(
            settings, [machine] { return std::make_unique<FakeProvider>(machine); });
        m_module->attach(*m_core);
    }

    // The guest info requests of one gather, after `from`.
    QList<int> gather(bool full, qsizetype *from)
    {
        *from = m_rpci.requests.size();
        QSignalSpy spy(m_module.get(), &GuestInfoModule::gathered);
        if (full)
            m_module->sendFullReport();
        else
            m_module->gatherNow();
        if (!spy.wait(5000))
            return {-99};
        QList<int> kinds;
        for (qsizetype i = *from; i < m_rpci.requests.size(); ++i) {
            const QByteArray &r = m_rpci.requests[i];
            if (r.startsWith("SetGuest"))
                kinds.append(kindOf(r));
        }
        return kinds;
    }

private slots:
    void init()
    {
        m_machine = std::make_shared<FakeMachine>();
        m_rpci.requests.clear();
        m_rpci.replies.clear();
        makeModule();
    }

    void cleanup()
    {
        m_module.reset();
        m_core.reset();
    }

    void fullReportGoesOutInVmtoolsdOrderAndDecodes()
    {
        qsizetype from = 0;
        // build, OS detailed, disks (JSON), DNS name, NICs, uptime
        QCOMPARE(gather(true, &from), (QList<int>{4, 11, 0, 1, 10, 7}));
        for (qsizetype i = from; i < m_rpci.requests.size(); ++i) {
            if (!m_rpci.requests[i].startsWith("SetGuest"))
                continue;
            const auto decoded = decodeGuestInfoMessage(m_rpci.requests[i]);
            QVERIFY2(decoded.ok(), qPrintable(decoded.error()));
            if (const auto *nic = std::get_if<NicInfoRecord>(&decoded.value())) {
                QCOMPARE(nic->info.nics.size(), 1);
                QCOMPARE(nic->info.nics[0].macAddress, QByteArray("00:50:56:aa:bb:01"));
                QCOMPARE(nic->info.routes.size(), 1);
            }
        }
    }

    void unchangedGatherSendsNothingAndAChangeSendsOnlyItsRecord()
    {
        qsizetype from = 0;
        QCOMPARE(gather(true, &from).size(), 6);
        QCOMPARE(gather(false, &from), QList<int>());
        {
            QMutexLocker lock(&m_machine->mutex);
            m_machine->nics[0].addresses.append({QStringLiteral("198.51.100.7"), 24, false});
        }
        QCOMPARE(gather(false, &from), QList<int>{10});
        {
            QMutexLocker lock(&m_machine->mutex);
            m_machine->uptime += 5;
        }
        QCOMPARE(gather(false, &from), QList<int>{7});
        // reset: everything again.
        QCOMPARE(gather(true, &from).size(), 6);
    }

    void refusedKindsFallBackToTheOlderForms()
    {
        m_rpci.replies.insert("SetGuestInfo  10 ", "0 Unsupported");
        m_rpci.replies.insert("SetGuestInfo  11 ", "0 Unsupported");
        m_rpci.replies.insert("SetGuestDiskInfo ", "0 Unknown command");
        qsizetype from = 0;
        gather(true, &from);
        QList<int> kinds;
        for (qsizetype i = from; i < m_rpci.requests.size(); ++i)
            kinds.append(kindOf(m_rpci.requests[i]));
        QVERIFY(kinds.contains(9));
        QVERIFY(kinds.contains(5));
        QVERIFY(kinds.contains(6));
        QVERIFY(kinds.contains(3));
        QVERIFY(m_module->fallbacks().nicV2);
        QVERIFY(m_module->fallbacks().osLegacy);
        QVERIFY(m_module->fallbacks().diskBinary);
        // Later reports use the older forms directly.
        QCOMPARE(gather(true, &from), (QList<int>{4, 5, 6, 3, 1, 9, 7}));
    }

    void resetGoesBackToTheNewestForms()
    {
        m_rpci.replies.insert("SetGuestInfo  10 ", "0 Unsupported");
        m_rpci.replies.insert("SetGuestInfo  11 ", "0 Unsupported");
        m_rpci.replies.insert("SetGuestDiskInfo ", "0 Unknown command");
        qsizetype from = 0;
        gather(true, &from);
        QVERIFY(m_module->fallbacks().nicV2 && m_module->fallbacks().osLegacy);
        // A new host (vMotion) that takes the newest forms, then a reset.
        m_rpci.replies.clear();
        QSignalSpy spy(m_module.get(), &GuestInfoModule::gathered);
        QByteArray answer;
        m_core->handleCommand("reset", [&answer](const QByteArray &r) { answer = r; });
        QCOMPARE(answer, QByteArray("OK ATR toolbox"));
        QVERIFY(spy.wait(5000));
        QVERIFY(!m_module->fallbacks().nicV2);
        QVERIFY(!m_module->fallbacks().osLegacy);
        QVERIFY(!m_module->fallbacks().diskBinary);
        QCOMPARE(gather(true, &from), (QList<int>{4, 11, 0, 1, 10, 7}));
    }

    void collectorSkipsExcludedDownAndMaclessNicsAndPutsPrimaryFirst()
    {
        auto nic = [](const char *name, const char *mac, bool up) {
            return platform::NetworkInterface{QString::fromLatin1(name),
                                              QString::fromLatin1(mac),
                                              up,
                                              {{QStringLiteral("192.0.2.1"), 24, false}}};
        };
        const QList<platform::NetworkInterface> nics = {
            nic("lo", "", true),
            nic("docker0", "02:42:00:00:00:01", true),
            nic("eth0", "00:50:56:00:00:01", true),
            nic("eth1", "00:50:56:00:00:02", false),
            nic("wlan0", "00:50:56:00:00:03", true),
            nic("ens5", "00:50:56:00:00:04", true),
        };
        GuestInfoSettings settings;
        settings.primaryNics = QStringList{QStringLiteral("ens*")};
        settings.lowPriorityNics = QStringList{QStringLiteral("eth*")};
        const NetworkSnapshot s = GuestInfoCollector::networkSnapshot(nics, {}, {}, settings);
        QStringList names;
        for (const NetworkInterface &n : s.interfaces)
            names << n.name;
        QCOMPARE(names, (QStringList{"ens5", "wlan0", "eth0"}));
        QCOMPARE(s.interfaces[0].mac, QByteArray::fromHex("005056000004"));
    }

    // broadcastIP's address follows the same NIC settings as the reports.
    void primaryAddressHonoursExcludedAndPrimaryNics()
    {
        GuestInfoSettings excludeAll;
        excludeAll.excludeNics = QStringList{QStringLiteral("*")};
        QCOMPARE(primaryIPv4(excludeAll), QString());
        int checked = 0;
        const auto interfaces = QNetworkInterface::allInterfaces();
        for (const QNetworkInterface &nic : interfaces) {
            if (!nic.flags().testFlag(QNetworkInterface::IsUp) ||
                nic.flags().testFlag(QNetworkInterface::IsLoopBack))
                continue;
            QString first;
            for (const QNetworkAddressEntry &e : nic.addressEntries()) {
                if (e.ip().protocol() == QAbstractSocket::IPv4Protocol) {
                    first = e.ip().toString();
                    break;
                }
            }
            if (first.isEmpty())
                continue;
            GuestInfoSettings settings;
            settings.excludeNics.clear();
            settings.primaryNics = QStringList{nic.name()};
            QCOMPARE(primaryIPv4(settings), first);
            settings.primaryNics.clear();
            settings.excludeNics = QStringList{nic.name()};
            QVERIFY(primaryIPv4(settings) != first || first.isEmpty());
            ++checked;
        }
        if (checked == 0)
            QSKIP("this machine has no up interface with an IPv4 address besides loopback");
    }
};

QTEST_GUILESS_MAIN(TstGuestInfoModule)
#include "tst_guestinfomodule.moc"
