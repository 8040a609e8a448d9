// Guest info from the real guestkitd, decoded by the simulator and compared
// with this machine read independently (QtNetwork, /proc, hostname); change
// detection in a network namespace of the test's own (as root); vmtoolsd's
// fallbacks when the VMX refuses a kind; guestkit stat and info get/set.
#include "BuildPaths.h"
#include "RunProgram.h"
#include "SimRig.h"
#include "vmx/GuestInfoView.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSysInfo>
#include <QtTest>

#include <unistd.h>

using namespace gk;

namespace {

const QStringList kDefaultExcluded = {"docker*", "veth*", "virbr*", "antrea-*", "cali*"};

bool excluded(const QString &name)
{
    for (const QString &p : kDefaultExcluded) {
        if (QRegularExpression(QRegularExpression::wildcardToRegularExpression(p))
                .match(name)
                .hasMatch())
            return true;
    }
    return false;
}

// "mac" -> {"addr/prefix", ...} of the interfaces vmtoolsd would report,
// read through QtNetwork rather than the platform layer.
QMap<QString, QSet<QString>> machineNics()
{
    QMap<QString, QSet<QString>> out;
    for (const QNetworkInterface &nic : QNetworkInterface::allInterfaces()) {
        const QString mac = nic.hardwareAddress().toLower();
        if (!nic.flags().testFlag(QNetworkInterface::IsUp) ||
            nic.flags().testFlag(QNetworkInterface::IsLoopBack) || mac.isEmpty() ||
            mac == QLatin1String("00:00:00:00:00:00") || excluded(nic.name()))
            continue;
        QSet<QString> ips;
        for (const QNetworkAddressEntry &e : nic.addressEntries()) {
            QHostAddress ip = e.ip();
            ip.setScopeId(QString());
            if (!ip.isLoopback())
                ips.insert(QStringLiteral("%1/%2").arg(ip.toString()).arg(e.prefixLength()));
        }
        out.insert(mac, ips);
    }
    return out;
}

QMap<QString, QSet<QString>> reportedNics(const QJsonObject &guest)
{
    QMap<QString, QSet<QString>> out;
    for (const QJsonValue &v : guest.value("nics").toArray()) {
        QSet<QString> ips;
        for (const QJsonValue &ip : v.toObject().value("ips").toArray())
            ips.insert(QStringLiteral("%1/%2")
                           .arg(ip.toObject().value("address").toString())
                           .arg(ip.toObject().value("prefixLength").toInt()));
        out.insert(v.toObject().value("mac").toString(), ips);
    }
    return out;
}

qint64 procUptimeSeconds()
{
    QFile f("/proc/uptime");
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return qint64(f.readAll().split(' ').value(0).toDouble());
}

int run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(program, args);
    p.waitForFinished(10000);
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

QList<QByteArray> guestInfoRequestsFrom(const gk::vmx::GuestState &g, qsizetype from)
{
    QList<QByteArray> out;
    for (qsizetype i = from; i < g.requests.size(); ++i) {
        if (g.requests[i].startsWith("SetGuestInfo") || g.requests[i].startsWith("SetGuestDisk"))
            out.append(g.requests[i]);
    }
    return out;
}

} // namespace

class TstGuestInfoIntegration : public QObject
{
    Q_OBJECT

    std::unique_ptr<SimRig> m_rig;

private slots:
    void init()
    {
        m_rig = std::make_unique<SimRig>();
        QVERIFY(m_rig->listen());
    }

    void cleanup()
    {
        if (QTest::currentTestFailed() && m_rig->daemon)
            qWarning().noquote() << "guestkitd stderr:\n" << m_rig->daemon->stderrText();
        m_rig.reset();
    }

    void simulatorDecodesTheDaemonsReportAndItMatchesThisMachine()
    {
        QVERIFY(m_rig->startDaemon("[guestinfo]\npoll_interval = 0\n"));
        QVERIFY(m_rig->waitForRequest("SetGuestInfo  7 ", 0, 10000));
        const gk::vmx::GuestState &g = m_rig->sim->guest();
        QVERIFY2(g.guestInfoErrors.isEmpty(), qPrintable(g.guestInfoErrors.join('\n')));
        const QJsonObject guest = gk::vmx::guestInfoJson(g);

        QCOMPARE(guest.value("nicInfoKind").toInt(), 10);
        QCOMPARE(reportedNics(guest), machineNics());
        QCOMPARE(guest.value("hostName").toString(), QSysInfo::machineHostName());
        QVERIFY(!guest.value("osShortName").toString().isEmpty());
        QVERIFY(!guest.value("osFullName").toString().isEmpty());
        QCOMPARE(guest.value("osDetailed").toObject().value("familyName").toString(),
                 QStringLiteral("Linux"));
        QCOMPARE(guest.value("osDetailed").toObject().value("kernelVersion").toString(),
                 QSysInfo::kernelVersion());
        const qint64 uptime = qint64(guest.value("uptimeSeconds").toDouble());
        QVERIFY2(qAbs(uptime - procUptimeSeconds()) <= 5, qPrintable(QString::number(uptime)));
        QCOMPARE(guest.value("diskFormat").toString(), QStringLiteral("json"));
        bool rootSeen = false;
        for (const QJsonValue &d : guest.value("disks").toArray())
            rootSeen = rootSeen || d.toObject().value("name").toString() == QLatin1String("/");
        QVERIFY(rootSeen);
        QVERIFY(guest.value("build").toString().startsWith("build-"));
        QCOMPARE(g.toolsVersion, QByteArray("2147483647"));
    }

    void refusedKindsFallBackAsVmtoolsdDoes()
    {
        // An older VMX: no INFO_IPADDRESS_V3, no detailed OS data, no JSON disks.
        m_rig->sim->guest().refusedGuestInfoKinds = {10, 11};
        m_rig->sim->guest().refuseDiskJson = true;
        QVERIFY(m_rig->startDaemon("[guestinfo]\npoll_interval = 0\n"));
        QVERIFY(m_rig->waitForRequest("SetGuestInfo  9 ", 0, 10000));
        QVERIFY(m_rig->waitForRequest("SetGuestInfo  6 ", 0, 10000));
        QVERIFY(m_rig->waitForRequest("SetGuestInfo  3 ", 0, 10000));
        const QJsonObject guest = gk::vmx::guestInfoJson(m_rig->sim->guest());
        QCOMPARE(guest.value("nicInfoKind").toInt(), 9);
        QCOMPARE(reportedNics(guest), machineNics());
        QVERIFY(!guest.value("osShortName").toString().isEmpty());
        QVERIFY(!guest.value("osFullName").toString().isEmpty());
        QCOMPARE(guest.value("diskFormat").toString(), QStringLiteral("binary"));
    }

    void unchangedRecordsAreNotResentAndANewInterfaceAppearsInTheNextReport()
    {
        if (geteuid() != 0)
            QSKIP("needs root: creates a network namespace and interfaces in it");
        const QString ns =
            QStringLiteral("gktest%1").arg(QRandomGenerator::global()->bounded(1000000));
        QCOMPARE(run("ip", {"netns", "add", ns}), 0);
        auto removeNs = qScopeGuard([&] { run("ip", {"netns", "del", ns}); });

        // The daemon inside the namespace: it sees only the namespace's links.
        const QString config = m_rig->dir->filePath("guestkit.conf");
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // Free space on the host's disks moves while tests run (and is then
        // rightly resent): left out so that "unchanged" holds here.
        f.write(
            "[logging]\nsyslog = false\n[guestinfo]\npoll_interval = 1\nreport_disks = false\n");
        f.close();
        QProcess daemon;
        daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        daemon.setStandardOutputFile(QProcess::nullDevice());
        daemon.start("ip", {"netns", "exec", ns, gk::test::guestkitdPath(), "--channel",
                            m_rig->endpoint(), "--config", config, "--foreground", "--log-level",
                            "warning"});
        auto stopDaemon = qScopeGuard([&] {
            daemon.terminate();
            if (!daemon.waitForFinished(3000))
                daemon.kill();
            daemon.waitForFinished(1000);
        });
        QVERIFY(m_rig->sim->waitForGuest(10000));
        QVERIFY(m_rig->waitForRequest("SetGuestInfo  7 ", 0, 10000));
        QVERIFY(gk::vmx::guestInfoJson(m_rig->sim->guest()).value("nics").toArray().isEmpty());

        // Nothing changed: over three polls only the uptime may go out.
        QTest::qWait(300);
        const qsizetype settled = m_rig->sim->guest().requests.size();
        QTest::qWait(3200);
        const QList<QByteArray> resent = guestInfoRequestsFrom(m_rig->sim->guest(), settled);
        // The gathers did run: the uptime (whole seconds here) moved meanwhile.
        QVERIFY(!resent.isEmpty());
        for (const QByteArray &r : resent)
            QVERIFY2(r.startsWith("SetGuestInfo  7 "), r.left(40).constData());

        // A new interface with an address: in the next report.
        const qsizetype before = m_rig->sim->guest().requests.size();
        const QString link = QStringLiteral("gkdummy0");
        if (run("ip", {"-n", ns, "link", "add", link, "type", "dummy"}) != 0) // no dummy module
            QCOMPARE(run("ip", {"-n", ns, "link", "add", link, "type", "bridge"}), 0);
        QCOMPARE(run("ip", {"-n", ns, "addr", "add", "192.0.2.77/24", "dev", link}), 0);
        QCOMPARE(run("ip", {"-n", ns, "link", "set", link, "up"}), 0);
        QProcess show;
        show.start("ip", {"-n", ns, "-o", "link", "show", link});
        QVERIFY(show.waitForFinished(5000));
        const QString text = QString::fromUtf8(show.readAllStandardOutput());
        const QString mac = text.section(QStringLiteral("link/ether "), 1).section(' ', 0, 0);
        QVERIFY2(!mac.isEmpty(), qPrintable(text));

        QVERIFY(m_rig->waitForRequest("SetGuestInfo  10 ", before, 5000));
        const QMap<QString, QSet<QString>> nics =
            reportedNics(gk::vmx::guestInfoJson(m_rig->sim->guest()));
        QVERIFY2(nics.contains(mac), qPrintable(QStringList(nics.keys()).join(',')));
        QVERIFY(nics.value(mac).contains(QStringLiteral("192.0.2.77/24")));
    }

    void infoGetAndSetWorkWithoutTheDaemon()
    {
        QVERIFY(!m_rig->sim->isGuestReady()); // no guestkitd connected
        const QStringList channel{"--channel", m_rig->endpoint()};
        const ProgramResult set = runProgram(gk::test::guestkitPath(),
                                             channel + QStringList{"info", "set", "build", "42"});
        QVERIFY2(set.finished && set.exitCode == 0, set.describe().constData());
        QCOMPARE(m_rig->sim->guest().variables.value("guestinfo.build"), QByteArray("42"));
        const ProgramResult get = runProgram(
            gk::test::guestkitPath(), channel + QStringList{"info", "get", "guestinfo.build"});
        QVERIFY2(get.finished && get.exitCode == 0, get.describe().constData());
        QCOMPARE(get.out.trimmed(), QByteArray("42"));
    }

    // The CLI opens RPCI connections of its own beside the daemon's.
    void infoGetAndSetWorkWhileTheDaemonRuns()
    {
        QVERIFY(m_rig->startDaemon("[guestinfo]\npoll_interval = 0\n"));
        QVERIFY(m_rig->sim->isGuestReady());
        const QStringList channel{"--channel", m_rig->endpoint()};
        const ProgramResult set = runProgram(
            gk::test::guestkitPath(), channel + QStringList{"info", "set", "owner", "ops team"});
        QVERIFY2(set.finished && set.exitCode == 0, set.describe().constData());
        QCOMPARE(m_rig->sim->guest().variables.value("guestinfo.owner"), QByteArray("ops team"));
        const ProgramResult get =
            runProgram(gk::test::guestkitPath(), channel + QStringList{"info", "get", "owner"});
        QVERIFY2(get.finished && get.exitCode == 0, get.describe().constData());
        QCOMPARE(get.out.trimmed(), QByteArray("ops team"));
        // The daemon's own channel still answers.
        QCOMPARE(m_rig->sim->call("ping", 5000).reply, QByteArray("OK "));
    }

    void statJsonReportsThisMachine()
    {
        const ProgramResult r = runProgram(gk::test::guestkitPath(),
                                           {"--config", "/nonexistent.conf", "stat", "--json"});
        QVERIFY2(r.finished && r.exitCode == 0, r.describe().constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("hostname").toString(), QSysInfo::machineHostName());
        QCOMPARE(o.value("version").toString(), QStringLiteral(GUESTKIT_VERSION));
        QVERIFY(qAbs(qint64(o.value("uptimeSeconds").toDouble()) - procUptimeSeconds()) <= 5);
        QVERIFY(!o.value("osShortName").toString().isEmpty());
        QMap<QString, QSet<QString>> nics;
        for (const QJsonValue &v : o.value("nics").toArray()) {
            QSet<QString> ips;
            for (const QJsonValue &ip : v.toObject().value("ips").toArray())
                ips.insert(ip.toString());
            nics.insert(v.toObject().value("mac").toString(), ips);
        }
        QMap<QString, QSet<QString>> expected;
        const auto machine = machineNics();
        for (auto it = machine.cbegin(); it != machine.cend(); ++it) {
            QSet<QString> ips;
            for (const QString &ip : it.value())
                ips.insert(ip.section('/', 0, 0));
            expected.insert(it.key(), ips);
        }
        QCOMPARE(nics, expected);

        const ProgramResult one = runProgram(gk::test::guestkitPath(),
                                             {"--config", "/nonexistent.conf", "stat", "hostname"});
        QCOMPARE(one.out.trimmed(), QSysInfo::machineHostName().toUtf8());
    }

    void vmxInfoJsonShowsTheDecodedReport()
    {
        const ProgramResult r =
            runProgram(gk::test::guestkitVmxPath(),
                       {"--channel", m_rig->endpoint() + "2", "--start-daemon", "--daemon",
                        gk::test::guestkitdPath(), "--json", "info"},
                       30000);
        QVERIFY2(r.finished && r.exitCode == 0, r.describe().constData());
        const QJsonObject guest = QJsonDocument::fromJson(r.out).object().value("guest").toObject();
        QCOMPARE(guest.value("hostName").toString(), QSysInfo::machineHostName());
        QCOMPARE(reportedNics(guest), machineNics());
        QVERIFY(!guest.value("osFullName").toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TstGuestInfoIntegration)
#include "tst_guestinfo_integration.moc"
