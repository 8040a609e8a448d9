// The module as the daemon creates it: its TCLO command and capability, and
// a config reload that takes the new policy.
#include "channel/RpciChannel.h"
#include "rpc/ToolsCore.h"
#include "vix/server/VixModule.h"
#include "vix/server/VixServer.h"

#include <QTest>

using namespace gk;
using namespace gk::vix::server;

class TestVixModule : public QObject
{
    Q_OBJECT
private slots:
    void attachRegistersTheRelayedCommandAndTheSamlCapability()
    {
        channel::RpciChannel rpci(
            [](channel::ChannelRole) { return std::unique_ptr<channel::MessageTransport>(); });
        rpc::ToolsCore core(rpci, {});
        VixSettings settings;
        settings.authNone = true;
        VixModule module(settings);
        module.attach(core);
        QVERIFY(core.dispatcher().contains("Vix_1_Relayed_Command"));
        const auto &caps = core.capabilities().all();
        QVERIFY(std::any_of(caps.cbegin(), caps.cend(), [](const rpc::ToolsCapability &c) {
            return c.kind == rpc::ToolsCapability::Kind::Feature && c.index == 37 && c.value == 0;
        }));
    }

    void reloadTakesTheNewPolicyAndReportsBadKeys()
    {
        VixSettings settings;
        settings.authNone = true;
        VixModule module(settings);
        QVERIFY(!module.server().policy().allDisabled());
        settings.guestOperations.insert(QStringLiteral("disabled"), QStringLiteral("true"));
        settings.guestOperations.insert(QStringLiteral("NoSuchOp.disabled"), QStringLiteral("1"));
        module.reload(settings);
        QVERIFY(module.server().policy().allDisabled());
        QCOMPARE(module.configErrors().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestVixModule)
#include "tst_vix_module.moc"
