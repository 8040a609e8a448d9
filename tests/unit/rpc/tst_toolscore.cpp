// The commands the core answers itself, driven through ToolsCore with a fake
// RPCI sender: replies byte for byte as vmtoolsd's (lib/rpcChannel/rpcChannel.c,
// services/vmtoolsd/toolsRpc.c) and the exact RPCI messages, in order.
#include "FakeRpci.h"
#include "guestinfo/GuestInfoModule.h"
#include "guestinfo/PrimaryAddress.h"
#include "platform/SystemInfoProvider.h"
#include "rpc/ToolsCore.h"

#include <QHostAddress>
#include <QtTest>

using gk::rpc::ToolsCapability;
using gk::rpc::ToolsCore;

namespace {

gk::rpc::ToolsIdentity identity()
{
    gk::rpc::ToolsIdentity id;
    id.confDirectory = "/etc/guestkit";
    return id;
}

// Sends one command; returns the reply frame, or "<no reply>".
QByteArray call(ToolsCore &core, const QByteArray &command)
{
    QByteArray frame = "<no reply>";
    core.handleCommand(command, [&](const QByteArray &reply) { frame = reply; });
    return frame;
}

QByteArray nul(const char *text)
{
    return QByteArray(text) + '\0';
}

} // namespace

class TstToolsCore : public QObject
{
    Q_OBJECT

private slots:
    void resetAnswersAtrToolboxThenAnnouncesUnifiedLoop()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        QSignalSpy resetDone(&core, &ToolsCore::resetDone);
        QCOMPARE(call(core, "reset"), QByteArray("OK ATR toolbox"));
        // The RPCIs follow the reply, not precede it.
        QVERIFY(rpci.requests.isEmpty());
        QVERIFY(resetDone.wait(1000));
        QCOMPARE(rpci.requests,
                 (QList<QByteArray>{
                     nul("vmx.capability.unified_loop toolbox"),
                     nul("log toolbox: Version: guestkit " GUESTKIT_VERSION),
                     nul("info-set guestinfo.vmtools.description guestkit " GUESTKIT_VERSION),
                     nul("info-set guestinfo.vmtools.versionString " GUESTKIT_VERSION),
                     nul("info-set guestinfo.vmtools.versionNumber 2147483647"),
                     nul("info-set guestinfo.vmtools.buildNumber 0")}));
        // The version is logged and reported once per process; the loop on every reset.
        rpci.requests.clear();
        QCOMPARE(call(core, "reset"), QByteArray("OK ATR toolbox"));
        QVERIFY(resetDone.wait(1000));
        QCOMPARE(rpci.requests, QList<QByteArray>{nul("vmx.capability.unified_loop toolbox")});
    }

    void pingAnswersOkWithEmptyBody()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        QCOMPARE(call(core, "ping"), QByteArray("OK "));
        QCOMPARE(call(core, nul("ping")), QByteArray("OK "));
        QVERIFY(rpci.requests.isEmpty());
    }

    void unknownAndEmptyCommandsGetVmtoolsdErrors()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        QCOMPARE(call(core, "No_Such_Command"), QByteArray("ERROR Unknown Command"));
        QCOMPARE(call(core, ""), QByteArray("ERROR Bad command"));
        QCOMPARE(call(core, "reset_"), QByteArray("ERROR Unknown Command"));
    }

    void capabilitiesRegisterSendsCapabilitiesConfDirAndVersionInOrder()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        core.capabilities().add({ToolsCapability::Kind::Valued, "resolution_server", 0, 1});
        core.capabilities().add({ToolsCapability::Kind::Flag, "statechange", 0, 1});
        core.capabilities().add({ToolsCapability::Kind::Feature, "a", 0, 1});
        core.capabilities().add({ToolsCapability::Kind::Valued, "hgfs_server toolbox", 0, 1});
        core.capabilities().add({ToolsCapability::Kind::Feature, "b", 3, 2});
        QSignalSpy registered(&core, &ToolsCore::capabilitiesRegistered);
        QCOMPARE(call(core, "Capabilities_Register"), QByteArray("OK "));
        QCOMPARE(registered.size(), 1);
        QCOMPARE(rpci.requests,
                 (QList<QByteArray>{
                     nul("tools.capability.resolution_server 1"),
                     QByteArray("tools.capability.statechange "), // trailing space, no NUL
                     nul("tools.capability.hgfs_server toolbox 1"),
                     nul("tools.capability.features 0=1 3=2"),
                     nul("tools.capability.guest_conf_directory /etc/guestkit"),
                     nul("tools.set.versiontype 2147483647 4"),
                 }));
    }

    void capabilitiesRegisterWithNoCapabilitiesStillSendsConfDirAndVersion()
    {
        FakeRpci rpci;
        gk::rpc::ToolsIdentity id; // no conf directory: sent empty, as vmtoolsd does
        ToolsCore core(rpci, id);
        QCOMPARE(call(core, "Capabilities_Register"), QByteArray("OK "));
        QCOMPARE(rpci.requests, (QList<QByteArray>{nul("tools.capability.guest_conf_directory "),
                                                   nul("tools.set.versiontype 2147483647 4")}));
    }

    void capabilitiesRegisterRepliesOnlyAfterVersionIsAnswered()
    {
        FakeRpci rpci;
        rpci.deferred = true;
        ToolsCore core(rpci, identity());
        QByteArray frame;
        core.handleCommand("Capabilities_Register", [&](const QByteArray &r) { frame = r; });
        QVERIFY(frame.isEmpty());
        rpci.answerAll();
        QCOMPARE(frame, QByteArray("OK "));
    }

    void versiontypeFailureFallsBackToToolsSetVersion()
    {
        FakeRpci rpci;
        rpci.deferred = true;
        rpci.replies.insert("tools.set.versiontype", "0 Unknown command");
        ToolsCore core(rpci, identity());
        QByteArray frame;
        core.handleCommand("Capabilities_Register", [&](const QByteArray &r) { frame = r; });
        rpci.answerAll();
        QCOMPARE(frame, QByteArray("OK "));
        QCOMPARE(rpci.requests,
                 (QList<QByteArray>{nul("tools.capability.guest_conf_directory /etc/guestkit"),
                                    nul("tools.set.versiontype 2147483647 4"),
                                    nul("tools.set.version 2147483647")}));
    }

    void failedCapabilitiesAndVersionDoNotFailTheCommand()
    {
        FakeRpci rpci;
        rpci.replies.insert("tools.", "0 nope");
        ToolsCore core(rpci, identity());
        core.capabilities().add({ToolsCapability::Kind::Valued, "x", 0, 7});
        QCOMPARE(call(core, "Capabilities_Register"), QByteArray("OK "));
        QCOMPARE(rpci.requests.size(), 4);
        QCOMPARE(rpci.requests.last(), nul("tools.set.version 2147483647"));
    }

    void capabilitiesRegisterAnswersWhenRpciTransportFails()
    {
        FakeRpci rpci;
        rpci.replies.insert("", "broken"); // neither 1 nor 0: a failed answer
        ToolsCore core(rpci, identity());
        QCOMPARE(call(core, "Capabilities_Register"), QByteArray("OK "));
    }

    void setOptionKeepsEveryValueAndAcceptsOnlyHandledOnes_data()
    {
        QTest::addColumn<QByteArray>("args");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("kept");
        QTest::newRow("handled") << QByteArray("known yes") << QByteArray("OK ")
                                 << QByteArray("known") << QByteArray("yes");
        QTest::newRow("handled but refused")
            << QByteArray("known no") << QByteArray("ERROR Unknown or invalid option")
            << QByteArray("known") << QByteArray("no");
        QTest::newRow("unknown key") << QByteArray("toolScripts.afterPowerOn 1")
                                     << QByteArray("ERROR Unknown or invalid option")
                                     << QByteArray("toolScripts.afterPowerOn") << QByteArray("1");
        QTest::newRow("no value") << QByteArray("known")
                                  << QByteArray("ERROR Unknown or invalid option")
                                  << QByteArray("known") << QByteArray();
        QTest::newRow("empty value")
            << QByteArray("known ") << QByteArray("ERROR Unknown or invalid option")
            << QByteArray("known") << QByteArray();
        QTest::newRow("nothing") << QByteArray() << QByteArray("ERROR Unknown or invalid option")
                                 << QByteArray("known") << QByteArray();
        QTest::newRow("value with spaces")
            << QByteArray("other a b  c") << QByteArray("ERROR Unknown or invalid option")
            << QByteArray("other") << QByteArray("a b  c");
        QTest::newRow("nul ends the text") << QByteArray("known yes\0junk", 14) << QByteArray("OK ")
                                           << QByteArray("known") << QByteArray("yes");
    }
    void setOptionKeepsEveryValueAndAcceptsOnlyHandledOnes()
    {
        QFETCH(QByteArray, args);
        QFETCH(QByteArray, reply);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, kept);
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        QList<QByteArray> seen;
        core.addOption("known", [&](const QByteArray &value) {
            seen.append(value);
            return value == "yes";
        });
        QCOMPARE(call(core, "Set_Option " + args), reply);
        QCOMPARE(core.option(key), kept);
        QCOMPARE(seen,
                 kept.isEmpty() || key != "known" ? QList<QByteArray>() : QList<QByteArray>{kept});
    }

    void broadcastIpOneSendsPrimaryAddress()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        gk::guestinfo::GuestInfoModule module(
            {}, [] { return gk::platform::createSystemInfoProvider(); });
        module.attach(core);
        // The answer waits for the VMX to take the address.
        rpci.deferred = true;
        QByteArray frame = "<no reply>";
        core.handleCommand("Set_Option broadcastIP 1", [&](const QByteArray &r) { frame = r; });
        QCOMPARE(frame, QByteArray("<no reply>"));
        const QString ip = gk::guestinfo::primaryIPv4();
        // With no address the variable is set empty, as vmtoolsd does.
        QCOMPARE(rpci.requests, QList<QByteArray>{"info-set guestinfo.ip " + ip.toLatin1() + '\0'});
        rpci.answerAll();
        QCOMPARE(frame, QByteArray("OK "));
        QCOMPARE(core.option("broadcastIP"), QByteArray("1"));
    }

    void broadcastIpRefusedByTheVmxIsAnInvalidOption()
    {
        FakeRpci rpci;
        rpci.replies.insert("info-set guestinfo.ip", "0 Permission denied");
        ToolsCore core(rpci, identity());
        gk::guestinfo::GuestInfoModule module(
            {}, [] { return gk::platform::createSystemInfoProvider(); });
        module.attach(core);
        QCOMPARE(call(core, "Set_Option broadcastIP 1"),
                 QByteArray("ERROR Unknown or invalid option"));
    }

    void broadcastIpZeroIsAcceptedAndSendsNothing()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        gk::guestinfo::GuestInfoModule module(
            {}, [] { return gk::platform::createSystemInfoProvider(); });
        module.attach(core);
        QCOMPARE(call(core, "Set_Option broadcastIP 0"), QByteArray("OK "));
        QVERIFY(rpci.requests.isEmpty());
    }

    void broadcastIpInvalidValueIsRefused()
    {
        FakeRpci rpci;
        ToolsCore core(rpci, identity());
        gk::guestinfo::GuestInfoModule module(
            {}, [] { return gk::platform::createSystemInfoProvider(); });
        module.attach(core);
        for (const char *bad : {"Set_Option broadcastIP 2", "Set_Option broadcastIP yes",
                                "Set_Option broadcastIP  1", "Set_Option broadcastIP"}) {
            QCOMPARE(call(core, bad), QByteArray("ERROR Unknown or invalid option"));
        }
        QVERIFY(rpci.requests.isEmpty());
    }

    void primaryAddressIsDottedIPv4OrEmpty()
    {
        const QString ip = gk::guestinfo::primaryIPv4();
        if (!ip.isEmpty()) {
            QHostAddress a(ip);
            QCOMPARE(a.protocol(), QAbstractSocket::IPv4Protocol);
            QVERIFY(!a.isLoopback());
        }
    }
};

QTEST_GUILESS_MAIN(TstToolsCore)
#include "tst_toolscore.moc"
