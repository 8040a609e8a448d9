#include "vix/server/GuestOpsPolicy.h"
#include "vix/server/ListingCache.h"

#include <QTest>

using namespace gk::vix::server;

namespace {
const QSet<QString> kNames = {QStringLiteral("StartProgramInGuest"),
                              QStringLiteral("ListProcessesInGuest"),
                              QStringLiteral("AddGuestAlias")};
}

class TestGuestOpsPolicy : public QObject
{
    Q_OBJECT
private slots:
    void everythingIsAllowedByDefault()
    {
        QStringList errors;
        const GuestOpsPolicy p = GuestOpsPolicy::fromConfig({}, kNames, &errors);
        QVERIFY(errors.isEmpty());
        QVERIFY(p.check(QStringLiteral("StartProgramInGuest")).allowed);
        QVERIFY(p.check(QString()).allowed);
    }

    void perOperationKeyDisablesOnlyThatOperation()
    {
        QStringList errors;
        const GuestOpsPolicy p = GuestOpsPolicy::fromConfig(
            {{QStringLiteral("StartProgramInGuest.disabled"), QStringLiteral("true")}}, kNames,
            &errors);
        QVERIFY(errors.isEmpty());
        const auto d = p.check(QStringLiteral("StartProgramInGuest"));
        QVERIFY(!d.allowed);
        QVERIFY(d.reason.contains(QStringLiteral("StartProgramInGuest.disabled")));
        QVERIFY(p.check(QStringLiteral("ListProcessesInGuest")).allowed);
        QVERIFY(p.check(QString()).allowed);
    }

    void globalSwitchOverridesPerOperationKeys()
    {
        QStringList errors;
        const GuestOpsPolicy p = GuestOpsPolicy::fromConfig(
            {{QStringLiteral("disabled"), QStringLiteral("TRUE")},
             {QStringLiteral("StartProgramInGuest.disabled"), QStringLiteral("false")}},
            kNames, &errors);
        QVERIFY(errors.isEmpty());
        QVERIFY(!p.check(QStringLiteral("StartProgramInGuest")).allowed);
        QVERIFY(!p.check(QString()).allowed);       // ops without a key of their own too
        QVERIFY(p.check(QString(), false).allowed); // GetToolsState always runs
    }

    void badValuesAndUnknownNamesAreReported()
    {
        QStringList errors;
        const GuestOpsPolicy p = GuestOpsPolicy::fromConfig(
            {{QStringLiteral("disabled"), QStringLiteral("yes please")},
             {QStringLiteral("StartProgramInGest.disabled"), QStringLiteral("true")},
             {QStringLiteral("unrelatedKey"), QStringLiteral("x")}},
            kNames, &errors);
        QCOMPARE(errors.size(), 2);
        QVERIFY(errors.join(' ').contains(QStringLiteral("StartProgramInGest")));
        QVERIFY(!p.allDisabled()); // a bad value keeps the default
        QVERIFY(p.check(QStringLiteral("StartProgramInGuest")).allowed);
    }

    void alwaysDisabledNamesCannotBeEnabled()
    {
        GuestOpsPolicy p = GuestOpsPolicy::fromConfig(
            {{QStringLiteral("AddGuestAlias.disabled"), QStringLiteral("0")}}, kNames, nullptr);
        p.setAlwaysDisabled({QStringLiteral("AddGuestAlias")});
        QVERIFY(!p.check(QStringLiteral("AddGuestAlias")).allowed);
    }

    void parseBoolAcceptsWhatGlibAccepts()
    {
        QCOMPARE(GuestOpsPolicy::parseBool(QStringLiteral("1")), std::optional<bool>(true));
        QCOMPARE(GuestOpsPolicy::parseBool(QStringLiteral(" False ")), std::optional<bool>(false));
        QVERIFY(!GuestOpsPolicy::parseBool(QStringLiteral("on")).has_value());
    }

    void listingPagesCarryKeyTotalAndLeftToSend()
    {
        const QByteArray data = QByteArray(100000, 'x') + '\0';
        const qsizetype max = 65536 - 92;
        QVERIFY(listingNeedsPages(data.size(), max));
        QVERIFY(!listingNeedsPages(100, max));
        QByteArray joined;
        quint32 offset = 0;
        ListingPage page = listingPage(7, data, 0, max);
        QVERIFY(page.result.startsWith("<key>7</key><totalSize>100001</totalSize><leftToSend>"));
        QVERIFY(page.result.size() <= max);
        joined += page.result.mid(page.result.indexOf("</leftToSend>") + 13);
        offset = quint32(joined.size());
        int pages = 1;
        while (!page.last) {
            page = listingPage(7, data, offset, max);
            QVERIFY(page.result.startsWith("<leftToSend>"));
            QVERIFY(page.result.size() <= max);
            joined += page.result.mid(page.result.indexOf("</leftToSend>") + 13);
            offset = quint32(joined.size());
            ++pages;
        }
        QCOMPARE(pages, 2);
        QCOMPARE(joined, data);
        QVERIFY(page.result.startsWith("<leftToSend>0</leftToSend>"));
    }

    void listingCacheIsBoundToItsUser()
    {
        ListingCache cache;
        const quint32 key = cache.store(QStringLiteral("alice"), "data");
        QVERIFY(key != 0);
        QVERIFY(!cache.fetch(key, QStringLiteral("bob")).has_value());
        QCOMPARE(*cache.fetch(key, QStringLiteral("alice")), QByteArray("data"));
        cache.remove(key);
        QVERIFY(!cache.fetch(key, QStringLiteral("alice")).has_value());
        QVERIFY(cache.store(QStringLiteral("alice"), "more") != key);
    }
};

QTEST_GUILESS_MAIN(TestGuestOpsPolicy)
#include "tst_guestops_policy.moc"
