// The registry backend of the VIX registry operations, on the real registry
// (Wine's in CI), under a key of its own in HKEY_CURRENT_USER, run through
// a session as the VIX server does.
#include "platform/Authenticator.h"
#include "platform/Registry.h"

#include <QtTest>

#include <windows.h>

using namespace gk::platform;
using K = PlatformError::Kind;

class TestWinRegistry : public QObject
{
    Q_OBJECT
    std::unique_ptr<Registry> m_registry = createRegistry();
    std::unique_ptr<Authenticator> m_auth = createAuthenticator();
    std::shared_ptr<GuestSession> m_session;
    QString m_base;

    RegistryKeyPath key(const QString &sub = {}) const
    {
        return {sub.isEmpty() ? m_base : m_base + QLatin1Char('\\') + sub,
                RegistryKeyPath::View::Native};
    }

private slots:
    void initTestCase()
    {
        m_session = m_auth->daemonSession();
        m_base = QStringLiteral("HKEY_CURRENT_USER\\Software\\guestkit-test-%1")
                     .arg(GetCurrentProcessId());
        QVERIFY(!m_session->run([&] { return m_registry->createKey(key(), false, {}); }));
    }

    void cleanupTestCase() { m_registry->deleteKey(key(), true); }

    void createKeyTwiceFailsExists()
    {
        QVERIFY(!m_registry->createKey(key(QStringLiteral("a")), false, QStringLiteral("cls")));
        QCOMPARE(m_registry->createKey(key(QStringLiteral("a")), false, {}).kind, K::Exists);
    }

    void listKeysRecursesAndFilters()
    {
        QVERIFY(!m_registry->createKey(key(QStringLiteral("tree\\x1\\y")), false, {}));
        QVERIFY(!m_registry->createKey(key(QStringLiteral("tree\\x2")), true, {}));
        const auto flat = m_registry->listKeys(key(QStringLiteral("tree")), false, {});
        QVERIFY2(flat.ok(), qPrintable(flat.error.message));
        QCOMPARE(flat.value.size(), 2);
        const auto deep = m_registry->listKeys(key(QStringLiteral("tree")), true, {});
        QCOMPARE(deep.value.size(), 3);
        QStringList paths;
        for (const RegistryKeyInfo &k : deep.value)
            paths.append(k.path);
        QVERIFY(paths.contains(m_base + QStringLiteral("\\tree\\x1\\y")));
        const auto filtered = m_registry->listKeys(key(QStringLiteral("tree")), true,
                                                   QRegularExpression(QStringLiteral("^x")));
        QCOMPARE(filtered.value.size(), 2);
        QVERIFY(filtered.value.first().lastWritten.isValid());
    }

    void everyValueTypeRoundTrips()
    {
        const RegistryKeyPath k = key(QStringLiteral("values"));
        QVERIFY(!m_registry->createKey(k, false, {}));
        auto make = [](const char *name, RegistryValueType type) {
            RegistryValue v;
            v.name = QLatin1String(name);
            v.type = type;
            return v;
        };
        RegistryValue s = make("s", RegistryValueType::String);
        s.string = QStringLiteral("h\u00e9llo");
        RegistryValue e = make("e", RegistryValueType::ExpandString);
        e.string = QStringLiteral("%SystemRoot%\\x");
        RegistryValue m = make("m", RegistryValueType::MultiString);
        m.strings = QStringList{QStringLiteral("one"), QStringLiteral("two")};
        RegistryValue b = make("b", RegistryValueType::Binary);
        b.binary = QByteArray("\x00\x01\xff", 3);
        RegistryValue d = make("d", RegistryValueType::DWord);
        d.number = 0xdeadbeef;
        RegistryValue q = make("q", RegistryValueType::QWord);
        q.number = Q_UINT64_C(0x0123456789abcdef);
        for (const RegistryValue &v : {s, e, m, b, d, q})
            QVERIFY(!m_registry->setValue(k, v));
        const auto listed = m_registry->listValues(k, false, {});
        QVERIFY2(listed.ok(), qPrintable(listed.error.message));
        QCOMPARE(listed.value.size(), 6);
        for (const RegistryValue &v : listed.value) {
            const RegistryValue &w = v.name == QLatin1String("s")   ? s
                                     : v.name == QLatin1String("e") ? e
                                     : v.name == QLatin1String("m") ? m
                                     : v.name == QLatin1String("b") ? b
                                     : v.name == QLatin1String("d") ? d
                                                                    : q;
            QCOMPARE(int(v.type), int(w.type));
            QCOMPARE(v.string, w.string);
            QCOMPARE(v.strings, w.strings);
            QCOMPARE(v.binary, w.binary);
            QCOMPARE(v.number, w.number);
        }
        const auto expanded =
            m_registry->listValues(k, true, QRegularExpression(QStringLiteral("^e$")));
        QCOMPARE(expanded.value.size(), 1);
        QVERIFY(!expanded.value.first().string.contains(QLatin1Char('%')));
        QVERIFY(expanded.value.first().string.endsWith(QStringLiteral("\\x")));
        QVERIFY(!m_registry->deleteValue(k, QStringLiteral("d")));
        QCOMPARE(m_registry->deleteValue(k, QStringLiteral("d")).kind, K::NotFound);
        QCOMPARE(m_registry->listValues(k, false, {}).value.size(), 5);
    }

    void deleteKeyNeedsRecursiveForSubkeys()
    {
        QVERIFY(!m_registry->createKey(key(QStringLiteral("del\\sub")), false, {}));
        QCOMPARE(m_registry->deleteKey(key(QStringLiteral("del")), false).kind, K::NotEmpty);
        QVERIFY(!m_registry->deleteKey(key(QStringLiteral("del")), true));
        QCOMPARE(m_registry->listKeys(key(QStringLiteral("del")), false, {}).error.kind,
                 K::NotFound);
        QVERIFY(!m_registry->createKey(key(QStringLiteral("leaf")), false, {}));
        QVERIFY(!m_registry->deleteKey(key(QStringLiteral("leaf")), false));
    }

    void badRootsAndMissingKeysFail()
    {
        QCOMPARE(m_registry->createKey({QStringLiteral("HKEY_NOWHERE\\x")}, false, {}).kind,
                 K::InvalidName);
        QCOMPARE(m_registry->setValue(key(QStringLiteral("absent")), RegistryValue{}).kind,
                 K::NotFound);
    }

    void localMachineIsReadable()
    {
        const auto r = m_registry->listValues(
            {QStringLiteral("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion")},
            false, QRegularExpression(QStringLiteral("^CurrentBuild")));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
        QVERIFY(!r.value.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWinRegistry)
#include "tst_win_registry.moc"
