// The backdoor transport under TcloChannel/RpciChannel's interface, against
// the VMX-side emulator: TCLO is polled as vmtoolsd polls it (at once after a
// command, then backing off to 100 ms), RPCI answers each request, and a
// channel the VMX closes ends in closed().
#include "channel/BackdoorTransport.h"
#include "channel/backdoor/BackdoorDefs.h"
#include "vmx/BackdoorEmulator.h"

#include <QSignalSpy>
#include <QtTest>

using namespace gk::channel;
using gk::vmx::BackdoorEmulator;

class TstBackdoorTransport : public QObject
{
    Q_OBJECT

private slots:
    void rpciRequestGetsTheVmxAnswer()
    {
        auto vmx = std::make_shared<BackdoorEmulator>();
        vmx->onMessage([&](int id, quint32 proto, const QByteArray &m) {
            QCOMPARE(proto, backdoor::kProtoRpci);
            vmx->post(id, "1 answer to " + m);
        });
        BackdoorTransport t(vmx, ChannelRole::Rpci);
        QSignalSpy opened(&t, &MessageTransport::opened);
        QSignalSpy got(&t, &MessageTransport::messageReceived);
        t.open();
        QVERIFY(opened.wait(1000));
        QVERIFY(t.send("info-get guestinfo.x"));
        QVERIFY(got.wait(1000));
        QCOMPARE(got.at(0).at(0).toByteArray(), QByteArray("1 answer to info-get guestinfo.x"));
        QVERIFY(!t.send(QByteArray(BackdoorTransport::kMaxSend + 1, 'x')));
        t.abort();
        QCOMPARE(vmx->openChannels(), 0);
    }

    void tcloPollsBackingOffTo100msAndAnswersAtOnce()
    {
        auto vmx = std::make_shared<BackdoorEmulator>();
        BackdoorTransport t(vmx, ChannelRole::Tclo);
        QList<QByteArray> replies;
        QList<int> delays; // the poll delay in force when each empty poll arrived
        vmx->onMessage([&](int, quint32, const QByteArray &m) {
            replies.append(m);
            if (m.isEmpty())
                delays.append(t.pollDelayMs());
        });
        QSignalSpy got(&t, &MessageTransport::messageReceived);
        connect(&t, &MessageTransport::opened, &t, [&t] { t.send(QByteArray()); });
        t.open();
        // Idle: the first poll at once, then 10, 20, 40, 80, then 100 ms apart.
        QTRY_VERIFY_WITH_TIMEOUT(delays.size() >= 7, 5000);
        QCOMPARE(delays.mid(0, 7), (QList<int>{0, 10, 20, 40, 80, 100, 100}));
        // A command is picked up by the next poll and handed over.
        const int tclo = vmx->channelsWith(backdoor::kProtoTclo).value(0, -1);
        QVERIFY(vmx->post(tclo, "ping"));
        QVERIFY(got.wait(2000));
        QCOMPARE(got.at(0).at(0).toByteArray(), QByteArray("ping"));
        replies.clear();
        QVERIFY(vmx->post(tclo, "reset"));
        QTest::qWait(250);
        QCOMPARE(got.size(), 1); // no poll while a command is with the handler
        QVERIFY(replies.isEmpty());
        // The reply goes at once, and the same poll brings the next command.
        QVERIFY(t.send("OK "));
        QVERIFY(got.wait(2000));
        QCOMPARE(got.at(1).at(0).toByteArray(), QByteArray("reset"));
        QCOMPARE(replies.value(0), QByteArray("OK "));
        QCOMPARE(t.pollDelayMs(), 0);
    }

    void closedChannelEndsInClosed()
    {
        auto vmx = std::make_shared<BackdoorEmulator>();
        BackdoorTransport t(vmx, ChannelRole::Tclo);
        QSignalSpy closed(&t, &MessageTransport::closed);
        connect(&t, &MessageTransport::opened, &t, [&t] { t.send(QByteArray()); });
        t.open();
        QTRY_COMPARE(vmx->openChannels(), 1);
        vmx->closeChannel(vmx->channelsWith(backdoor::kProtoTclo).value(0));
        QVERIFY(closed.wait(1000));
        QVERIFY(!t.isOpen());
    }

    void openFailsWhenTheVmxRefuses()
    {
        auto vmx = std::make_shared<BackdoorEmulator>();
        std::vector<std::unique_ptr<BackdoorTransport>> all;
        for (int i = 0; i < BackdoorEmulator::kMaxChannels; ++i) {
            all.push_back(std::make_unique<BackdoorTransport>(vmx, ChannelRole::Rpci));
            QSignalSpy opened(all.back().get(), &MessageTransport::opened);
            all.back()->open();
            QVERIFY(opened.wait(1000));
        }
        BackdoorTransport extra(vmx, ChannelRole::Rpci);
        QSignalSpy closed(&extra, &MessageTransport::closed);
        extra.open();
        QVERIFY(closed.wait(1000));
        QVERIFY(closed.at(0).at(0).toString().contains(QLatin1String("refused")));
    }
};

QTEST_GUILESS_MAIN(TstBackdoorTransport)
#include "tst_backdoortransport.moc"
