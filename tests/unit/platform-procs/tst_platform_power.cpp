// Power backends: the dry run records; the system backend is never run here.
#include "platform/DryRunPowerBackend.h"
#include "platform/PowerBackend.h"

#include <QtTest>

using namespace gk::platform;

class TestPlatformPower : public QObject
{
    Q_OBJECT
private slots:
    void dryRunRecordsEachActionInOrder()
    {
        DryRunPowerBackend backend;
        QVERIFY(backend.performed().isEmpty());
        QVERIFY(!backend.perform(PowerAction::Reboot));
        QVERIFY(!backend.perform(PowerAction::Halt));
        QVERIFY(!backend.perform(PowerAction::Suspend));
        QCOMPARE(backend.performed(), (QList<PowerAction>{PowerAction::Reboot, PowerAction::Halt,
                                                          PowerAction::Suspend}));
    }

    void factorySelectsTheDryRunBackendWhenAsked()
    {
        const std::unique_ptr<PowerBackend> backend = createPowerBackend(PowerBackendKind::DryRun);
        auto *dryRun = dynamic_cast<DryRunPowerBackend *>(backend.get());
        QVERIFY(dryRun);
        QVERIFY(!backend->perform(PowerAction::Halt));
        QCOMPARE(dryRun->performed(), QList<PowerAction>{PowerAction::Halt});
        // The system backend is a different implementation (not run: it would power off).
        const std::unique_ptr<PowerBackend> system = createPowerBackend(PowerBackendKind::System);
        QVERIFY(system);
        QVERIFY(!dynamic_cast<DryRunPowerBackend *>(system.get()));
    }

    void actionsHaveNames()
    {
        QCOMPARE(powerActionName(PowerAction::Halt), QStringLiteral("halt"));
        QCOMPARE(powerActionName(PowerAction::Reboot), QStringLiteral("reboot"));
        QCOMPARE(powerActionName(PowerAction::Suspend), QStringLiteral("suspend"));
    }
};

QTEST_GUILESS_MAIN(TestPlatformPower)
#include "tst_platform_power.moc"
