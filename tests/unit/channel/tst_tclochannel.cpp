// TcloChannel and RpciChannel over a scripted transport: the reply-then-wait
// loop, one command at a time, reconnects with back-off, RPCI status parsing.
#include "channel/RpciChannel.h"
#include "channel/TcloChannel.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace gk::channel;

namespace {

// A transport the test drives: records what the channel sends, and lets the
// test open, deliver and close at will.
class FakeTransport : public MessageTransport
{
    Q_OBJECT
public:
    static constexpr int kMaxMessage = 100; // stands in for the 4 MiB frame limit

    QList<QByteArray> *sent;
    int *opens;
    bool openSucceeds;

    FakeTransport(QList<QByteArray> *s, int *o, bool ok) : sent(s), opens(o), openSucceeds(ok) {}

    void open() override
    {
        ++*opens;
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (openSucceeds) {
                    m_open = true;
                    emit opened();
                } else {
                    emit closed(QStringLiteral("refused"));
                }
            },
            Qt::QueuedConnection);
    }
    void abort() override { m_open = false; }
    bool isOpen() const override { return m_open; }
    bool send(const QByteArray &message) override
    {
        if (!m_open || message.size() > kMaxMessage)
            return false;
        sent->append(message);
        return true;
    }
    QString describe() const override { return QStringLiteral("fake"); }

    void deliver(const QByteArray &m) { emit messageReceived(m); }
    void drop()
    {
        m_open = false;
        emit closed(QStringLiteral("dropped"));
    }

private:
    bool m_open = false;
};

} // namespace

class TstTcloChannel : public QObject
{
    Q_OBJECT

    QList<QByteArray> m_sent;
    int m_opens = 0;
    bool m_openSucceeds = true;
    QList<QElapsedTimer> m_openTimes;
    FakeTransport *m_current = nullptr;

    TransportFactory factory()
    {
        return [this](ChannelRole) {
            auto t = std::make_unique<FakeTransport>(&m_sent, &m_opens, m_openSucceeds);
            m_current = t.get();
            QElapsedTimer e;
            e.start();
            m_openTimes.append(e);
            return std::unique_ptr<MessageTransport>(std::move(t));
        };
    }

private slots:
    void init()
    {
        m_sent.clear();
        m_opens = 0;
        m_openSucceeds = true;
        m_openTimes.clear();
        m_current = nullptr;
    }

    void sendsEmptyReplyFirstThenOneReplyPerCommand()
    {
        TcloChannel channel(
            factory(), [](const QByteArray &cmd, TcloChannel::Reply reply) { reply("OK " + cmd); });
        QSignalSpy connected(&channel, &TcloChannel::connected);
        channel.start();
        QVERIFY(connected.wait(2000));
        QCOMPARE(m_sent, (QList<QByteArray>{QByteArray()}));
        m_current->deliver("reset");
        m_current->deliver("ping");
        QCOMPARE(m_sent, (QList<QByteArray>{QByteArray(), "OK reset", "OK ping"}));
    }

    void answersCommandsInOrderWhenHandlerIsAsynchronous()
    {
        QList<TcloChannel::Reply> pending;
        QList<QByteArray> seen;
        TcloChannel channel(factory(), [&](const QByteArray &cmd, TcloChannel::Reply reply) {
            seen.append(cmd);
            pending.append(std::move(reply));
        });
        QSignalSpy connected(&channel, &TcloChannel::connected);
        channel.start();
        QVERIFY(connected.wait(2000));
        m_current->deliver("first");
        m_current->deliver("second"); // a VMX that does not wait
        // One command outstanding: the second is not handed out before the first is answered.
        QCOMPARE(seen, (QList<QByteArray>{"first"}));
        pending.takeFirst()("OK 1");
        QCOMPARE(seen, (QList<QByteArray>{"first", "second"}));
        pending.takeFirst()("OK 2");
        QCOMPARE(m_sent, (QList<QByteArray>{QByteArray(), "OK 1", "OK 2"}));
    }

    void dropsReplyOfCommandFromLostConnection()
    {
        QList<TcloChannel::Reply> pending;
        TcloChannel channel(factory(), [&](const QByteArray &, TcloChannel::Reply reply) {
            pending.append(std::move(reply));
        });
        QSignalSpy connected(&channel, &TcloChannel::connected);
        channel.start();
        QVERIFY(connected.wait(2000));
        m_current->deliver("slow");
        m_current->drop();
        QVERIFY(connected.wait(2000)); // reconnected after 100 ms
        m_sent.clear();
        pending.takeFirst()("OK stale");
        QVERIFY(m_sent.isEmpty());
        m_current->deliver("reset");
        pending.takeFirst()("OK ATR toolbox");
        QCOMPARE(m_sent, (QList<QByteArray>{"OK ATR toolbox"}));
    }

    void replyTooLargeToSendRestartsConnection()
    {
        TcloChannel channel(factory(), [](const QByteArray &cmd, TcloChannel::Reply reply) {
            reply(cmd == "big" ? QByteArray(FakeTransport::kMaxMessage + 1, 'x') : "OK " + cmd);
        });
        QSignalSpy connected(&channel, &TcloChannel::connected);
        QSignalSpy disconnected(&channel, &TcloChannel::disconnected);
        channel.start();
        QVERIFY(connected.wait(2000));
        m_current->deliver("big");
        // The VMX would wait for that reply forever: the channel starts over instead.
        QCOMPARE(disconnected.size(), 1);
        QVERIFY(connected.wait(2000));
        QCOMPARE(m_opens, 2);
        m_current->deliver("reset");
        QCOMPARE(m_sent.last(), QByteArray("OK reset"));
    }

    void reconnectsWithDoublingBackoff()
    {
        m_openSucceeds = false;
        TcloChannel channel(factory(), [](const QByteArray &, TcloChannel::Reply r) { r("OK "); });
        QSignalSpy disconnected(&channel, &TcloChannel::disconnected);
        QElapsedTimer clock;
        clock.start();
        channel.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_opens, 4, 3000);
        // Attempts at 0, ~100, ~300, ~700 ms: the gaps double from 100 ms.
        const qint64 gap1 = m_openTimes[0].elapsed() - m_openTimes[1].elapsed();
        const qint64 gap2 = m_openTimes[1].elapsed() - m_openTimes[2].elapsed();
        const qint64 gap3 = m_openTimes[2].elapsed() - m_openTimes[3].elapsed();
        QVERIFY2(gap1 >= 90 && gap1 < 400, qPrintable(QString::number(gap1)));
        QVERIFY2(gap2 >= 185 && gap2 < 500, qPrintable(QString::number(gap2)));
        QVERIFY2(gap3 >= 375 && gap3 < 800, qPrintable(QString::number(gap3)));
        channel.stop();
        const int opens = m_opens;
        QTest::qWait(900);
        QCOMPARE(m_opens, opens); // stopped: no more attempts
    }

    void backoffStartsOverAfterSuccessfulConnection()
    {
        m_openSucceeds = false;
        TcloChannel channel(factory(), [](const QByteArray &, TcloChannel::Reply r) { r("OK "); });
        QSignalSpy connected(&channel, &TcloChannel::connected);
        channel.start();
        QTRY_COMPARE_WITH_TIMEOUT(m_opens, 3, 2000); // next delay would be 400 ms
        m_openSucceeds = true;
        QVERIFY(connected.wait(2000));
        const int opensBefore = m_opens;
        m_current->drop();
        QElapsedTimer t;
        t.start();
        QVERIFY(connected.wait(2000));
        QCOMPARE(m_opens, opensBefore + 1);
        QVERIFY2(t.elapsed() < 300, qPrintable(QString::number(t.elapsed())));
    }

    void rpciResultParsesStatusPrefix()
    {
        QCOMPARE(int(RpciResult::fromReply("1 ").status), int(RpciResult::Status::Ok));
        QCOMPARE(RpciResult::fromReply("1 value with spaces").text,
                 QByteArray("value with spaces"));
        QCOMPARE(int(RpciResult::fromReply("0 No value found").status),
                 int(RpciResult::Status::Failed));
        QCOMPARE(RpciResult::fromReply("0 No value found").text, QByteArray("No value found"));
        QCOMPARE(int(RpciResult::fromReply("1").status), int(RpciResult::Status::Ok));
        QCOMPARE(int(RpciResult::fromReply("OK ").status), int(RpciResult::Status::Failed));
        QCOMPARE(int(RpciResult::fromReply("").status), int(RpciResult::Status::Failed));
        QCOMPARE(RpciResult::fromReply(QByteArray("1 \0bin", 6)).text, QByteArray("\0bin", 4));
    }

    void rpciSendsOneRequestAtATimeInOrder()
    {
        RpciChannel rpci(factory());
        QList<QByteArray> answers;
        rpci.send("a", [&](const RpciResult &r) { answers.append("a:" + r.text); });
        rpci.send("b", [&](const RpciResult &r) { answers.append("b:" + r.text); });
        QTRY_COMPARE(m_sent, (QList<QByteArray>{"a"}));
        m_current->deliver("1 one");
        QCOMPARE(m_sent, (QList<QByteArray>{"a", "b"}));
        m_current->deliver("0 two");
        QCOMPARE(answers, (QList<QByteArray>{"a:one", "b:two"}));
        QCOMPARE(m_opens, 1);
    }

    void rpciFailsPendingRequestsWhenConnectionDropsAndReopensOnNextSend()
    {
        RpciChannel rpci(factory());
        QList<int> statuses;
        rpci.send("a", [&](const RpciResult &r) { statuses.append(int(r.status)); });
        rpci.send("b", [&](const RpciResult &r) { statuses.append(int(r.status)); });
        QTRY_COMPARE(m_sent.size(), 1);
        m_current->drop();
        QCOMPARE(statuses, (QList<int>{int(RpciResult::Status::TransportError),
                                       int(RpciResult::Status::TransportError)}));
        rpci.send("c", [&](const RpciResult &r) { statuses.append(int(r.status)); });
        QTRY_COMPARE(m_opens, 2);
        QTRY_COMPARE(m_sent.size(), 2);
        m_current->deliver("1 ");
        QCOMPARE(statuses.last(), int(RpciResult::Status::Ok));
    }

    void rpciIgnoresUnaskedReply()
    {
        RpciChannel rpci(factory());
        int answered = 0;
        rpci.send("a", [&](const RpciResult &) { ++answered; });
        QTRY_COMPARE(m_sent.size(), 1);
        m_current->deliver("1 ");
        m_current->deliver("1 unasked");
        QCOMPARE(answered, 1);
    }
};

QTEST_GUILESS_MAIN(TstTcloChannel)
#include "tst_tclochannel.moc"
