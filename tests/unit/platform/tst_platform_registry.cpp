// Linux has no registry: the VIX registry operations get NotSupported.
#include "platform/Registry.h"

#include <QtTest>

using namespace gk::platform;

class TestPlatformRegistry : public QObject
{
    Q_OBJECT
private slots:
    void everyRegistryOperationIsNotSupported()
    {
        auto registry = createRegistry();
        QVERIFY(!registry->exists());
        const RegistryKeyPath key{QStringLiteral("HKEY_LOCAL_MACHINE\\SOFTWARE")};
        using K = PlatformError::Kind;
        QCOMPARE(registry->createKey(key, false, {}).kind, K::NotSupported);
        QCOMPARE(registry->listKeys(key, true, {}).error.kind, K::NotSupported);
        QCOMPARE(registry->deleteKey(key, true).kind, K::NotSupported);
        QCOMPARE(registry->setValue(key, {}).kind, K::NotSupported);
        QCOMPARE(registry->listValues(key, false, {}).error.kind, K::NotSupported);
        QCOMPARE(registry->deleteValue(key, QStringLiteral("x")).kind, K::NotSupported);
    }
};

QTEST_GUILESS_MAIN(TestPlatformRegistry)
#include "tst_platform_registry.moc"
