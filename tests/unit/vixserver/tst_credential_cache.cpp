#include "vix/server/CredentialCache.h"
#include "vix/server/TicketStore.h"

#include <QTest>

using namespace gk::vix::server;
using namespace std::chrono_literals;

namespace {

GuestLogin loginOf(const QString &name, qint64 uid)
{
    GuestLogin login;
    login.account.name = name;
    login.account.uid = uid;
    return login;
}

// A clock the test moves by hand.
struct FakeClock
{
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::time_point(1h);
    auto fn()
    {
        return [this] {
            return now;
        };
    }
};

} // namespace

class TestCredentialCache : public QObject
{
    Q_OBJECT
private slots:
    void rememberedLoginIsFoundWithTheSamePassword()
    {
        CredentialCache cache(60s);
        cache.remember(QStringLiteral("alice"), "secret", loginOf(QStringLiteral("alice"), 1000));
        const auto hit = cache.lookup(QStringLiteral("alice"), "secret");
        QVERIFY(hit.has_value());
        QCOMPARE(hit->account.uid, 1000);
    }

    void otherPasswordOrNameMisses()
    {
        CredentialCache cache(60s);
        cache.remember(QStringLiteral("alice"), "secret", loginOf(QStringLiteral("alice"), 1000));
        QVERIFY(!cache.lookup(QStringLiteral("alice"), "Secret").has_value());
        QVERIFY(!cache.lookup(QStringLiteral("alice"), "").has_value());
        QVERIFY(!cache.lookup(QStringLiteral("bob"), "secret").has_value());
        // The boundary between name and password is part of the key.
        cache.remember(QStringLiteral("ab"), "c", loginOf(QStringLiteral("ab"), 1));
        QVERIFY(!cache.lookup(QStringLiteral("a"), "bc").has_value());
    }

    void entryExpiresAfterTtl()
    {
        FakeClock clock;
        CredentialCache cache(10s, 64, clock.fn());
        cache.remember(QStringLiteral("alice"), "pw", loginOf(QStringLiteral("alice"), 1000));
        clock.now += 9s;
        QVERIFY(cache.lookup(QStringLiteral("alice"), "pw").has_value());
        clock.now += 1s;
        QVERIFY(!cache.lookup(QStringLiteral("alice"), "pw").has_value());
        QCOMPARE(cache.size(), 0);
    }

    void zeroTtlRemembersNothing()
    {
        CredentialCache cache(0ms);
        cache.remember(QStringLiteral("alice"), "pw", loginOf(QStringLiteral("alice"), 1000));
        QCOMPARE(cache.size(), 0);
        QVERIFY(!cache.lookup(QStringLiteral("alice"), "pw").has_value());
    }

    void forgetUserDropsOnlyThatUser()
    {
        CredentialCache cache(60s);
        cache.remember(QStringLiteral("alice"), "a1", loginOf(QStringLiteral("alice"), 1));
        cache.remember(QStringLiteral("alice"), "a2", loginOf(QStringLiteral("alice"), 1));
        cache.remember(QStringLiteral("bob"), "b", loginOf(QStringLiteral("bob"), 2));
        cache.forgetUser(QStringLiteral("alice"));
        QVERIFY(!cache.lookup(QStringLiteral("alice"), "a1").has_value());
        QVERIFY(!cache.lookup(QStringLiteral("alice"), "a2").has_value());
        QVERIFY(cache.lookup(QStringLiteral("bob"), "b").has_value());
    }

    void clearAndTtlChangeForgetEverything()
    {
        CredentialCache cache(60s);
        cache.remember(QStringLiteral("alice"), "a", loginOf(QStringLiteral("alice"), 1));
        cache.clear();
        QCOMPARE(cache.size(), 0);
        cache.remember(QStringLiteral("alice"), "a", loginOf(QStringLiteral("alice"), 1));
        cache.setTtl(30s);
        QCOMPARE(cache.size(), 0);
    }

    void capacityEvictsTheOldestEntry()
    {
        CredentialCache cache(60s, 2);
        cache.remember(QStringLiteral("u1"), "p", loginOf(QStringLiteral("u1"), 1));
        cache.remember(QStringLiteral("u2"), "p", loginOf(QStringLiteral("u2"), 2));
        cache.remember(QStringLiteral("u3"), "p", loginOf(QStringLiteral("u3"), 3));
        QCOMPARE(cache.size(), 2);
        QVERIFY(!cache.lookup(QStringLiteral("u1"), "p").has_value());
        QVERIFY(cache.lookup(QStringLiteral("u3"), "p").has_value());
    }

    void ticketIsBoundToItsLoginUntilReleased()
    {
        TicketStore tickets(60s);
        const auto ticket = tickets.issue(loginOf(QStringLiteral("alice"), 1000));
        QVERIFY(ticket.has_value());
        QCOMPARE(ticket->size(), TicketStore::kTicketLength);
        const auto found = tickets.find(*ticket);
        QVERIFY(found.has_value());
        QCOMPARE(found->account.name, QStringLiteral("alice"));
        QVERIFY(found->viaTicket);
        QVERIFY(tickets.release(*ticket));
        QVERIFY(!tickets.find(*ticket).has_value());
        QVERIFY(!tickets.release(*ticket));
    }

    void ticketsAreUniqueAndForgedOnesFail()
    {
        TicketStore tickets(60s);
        const auto a = tickets.issue(loginOf(QStringLiteral("alice"), 1));
        const auto b = tickets.issue(loginOf(QStringLiteral("alice"), 1));
        QVERIFY(a && b && *a != *b);
        QByteArray forged = *a;
        forged[0] = forged[0] == 'a' ? 'b' : 'a';
        QVERIFY(!tickets.find(forged).has_value());
        QVERIFY(!tickets.find(QByteArray()).has_value());
        QVERIFY(!tickets.find(a->left(10)).has_value());
    }

    void ticketExpires()
    {
        FakeClock clock;
        TicketStore tickets(5s, 256, clock.fn());
        const auto t = tickets.issue(loginOf(QStringLiteral("alice"), 1));
        clock.now += 5s;
        QVERIFY(!tickets.find(*t).has_value());
    }

    void ticketStoreRefusesBeyondItsCapacity()
    {
        TicketStore tickets(60s, 2);
        QVERIFY(tickets.issue(loginOf(QStringLiteral("a"), 1)));
        QVERIFY(tickets.issue(loginOf(QStringLiteral("a"), 1)));
        QVERIFY(!tickets.issue(loginOf(QStringLiteral("a"), 1)));
        tickets.releaseUser(QStringLiteral("a"));
        QCOMPARE(tickets.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCredentialCache)
#include "tst_credential_cache.moc"
