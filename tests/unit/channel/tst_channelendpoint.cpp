// --channel endpoint parsing and the reconnect back-off of the sim channel spec.
#include "channel/Backoff.h"
#include "channel/ChannelEndpoint.h"
#include "channel/Transports.h"
#include "channel/backdoor/VmwareDetection.h"

#include <QtTest>

using gk::channel::Backoff;
using gk::channel::ChannelEndpoint;

class TstChannelEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void parsesEveryEndpointKind_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("canonical");
        using K = ChannelEndpoint::Kind;
        QTest::newRow("unix") << "sim:unix:/run/vmx.sock" << int(K::SimUnix) << "/run/vmx.sock"
                              << "" << 0 << "sim:unix:/run/vmx.sock";
        QTest::newRow("unix path with colons")
            << "sim:unix:/tmp/a:b" << int(K::SimUnix) << "/tmp/a:b"
            << "" << 0 << "sim:unix:/tmp/a:b";
        QTest::newRow("tcp") << "sim:tcp:127.0.0.1:9000" << int(K::SimTcp) << ""
                             << "127.0.0.1" << 9000 << "sim:tcp:127.0.0.1:9000";
        QTest::newRow("tcp ipv6") << "sim:tcp:[::1]:9000" << int(K::SimTcp) << ""
                                  << "::1" << 9000 << "sim:tcp:[::1]:9000";
        QTest::newRow("tcp port 0") << "sim:tcp:localhost:0" << int(K::SimTcp) << ""
                                    << "localhost" << 0 << "sim:tcp:localhost:0";
        QTest::newRow("backdoor") << "backdoor" << int(K::Backdoor) << ""
                                  << "" << 0 << "backdoor";
        QTest::newRow("vsock") << "vsock" << int(K::Vsock) << ""
                               << "" << 0 << "vsock";
        QTest::newRow("auto") << "auto" << int(K::Auto) << ""
                              << "" << 0 << "auto";
        QTest::newRow("sim-backdoor")
            << "sim-backdoor:unix:/run/vmx.sock" << int(K::SimBackdoor) << "/run/vmx.sock"
            << "" << 0 << "sim-backdoor:unix:/run/vmx.sock";
    }
    void parsesEveryEndpointKind()
    {
        QFETCH(QString, text);
        QFETCH(int, kind);
        QFETCH(QString, path);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, canonical);
        QString error;
        const auto ep = ChannelEndpoint::parse(text, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(int(ep->kind), kind);
        QCOMPARE(ep->path, path);
        QCOMPARE(ep->host, host);
        QCOMPARE(int(ep->port), port);
        QCOMPARE(ep->toString(), canonical);
        QCOMPARE(ChannelEndpoint::parse(ep->toString(), nullptr)->toString(), canonical);
    }

    void rejectsMalformedEndpoints_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("unknown scheme") << "serial:/dev/ttyS0";
        QTest::newRow("unix without path") << "sim:unix:";
        QTest::newRow("tcp without port") << "sim:tcp:127.0.0.1";
        QTest::newRow("tcp without host") << "sim:tcp::9000";
        QTest::newRow("tcp port not a number") << "sim:tcp:127.0.0.1:http";
        QTest::newRow("tcp port too large") << "sim:tcp:127.0.0.1:65536";
        QTest::newRow("tcp negative port") << "sim:tcp:127.0.0.1:-1";
        QTest::newRow("sim alone") << "sim";
        QTest::newRow("sim-backdoor without path") << "sim-backdoor:unix:";
        QTest::newRow("case matters") << "Backdoor";
    }
    void rejectsMalformedEndpoints()
    {
        QFETCH(QString, text);
        QString error;
        QVERIFY(!ChannelEndpoint::parse(text, &error));
        QVERIFY2(error.contains(QLatin1String("invalid channel")), qPrintable(error));
        QVERIFY2(error.contains(text), qPrintable(error));
    }

    void hypervisorEndpointsNeedVmwareSimOnesDoNot()
    {
        using namespace gk::channel::backdoor;
        QString error;
        QVERIFY(gk::channel::transportFactoryFor(*ChannelEndpoint::parse("sim:unix:/x", nullptr),
                                                 &error));
        QVERIFY(gk::channel::transportFactoryFor(
            *ChannelEndpoint::parse("sim-backdoor:unix:/x", nullptr), &error));
        if (queryHypervisor(*createHardwareCpuId()).vmware)
            QSKIP("this machine is a VMware VM");
        for (const char *text : {"backdoor", "vsock", "auto"}) {
            const auto ep = ChannelEndpoint::parse(QLatin1String(text), &error);
            QVERIFY(ep);
            QVERIFY(!gk::channel::transportFactoryFor(*ep, &error));
            QVERIFY2(error.startsWith(notVmwareMessage()), qPrintable(error));
        }
    }

    void backoffDoublesFromHundredMsToFiveSeconds()
    {
        Backoff b;
        QList<int> delays;
        for (int i = 0; i < 10; ++i)
            delays.append(b.nextDelayMs());
        QCOMPARE(delays, (QList<int>{100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000}));
    }

    void backoffStartsOverAfterReset()
    {
        Backoff b;
        b.nextDelayMs();
        b.nextDelayMs();
        b.nextDelayMs();
        b.reset();
        QCOMPARE(b.nextDelayMs(), 100);
        QCOMPARE(b.nextDelayMs(), 200);
    }

    void backoffNeverExceedsItsCap()
    {
        Backoff b(300, 1000);
        QCOMPARE(b.nextDelayMs(), 300);
        QCOMPARE(b.nextDelayMs(), 600);
        QCOMPARE(b.nextDelayMs(), 1000);
        QCOMPARE(b.nextDelayMs(), 1000);
    }
};

QTEST_GUILESS_MAIN(TstChannelEndpoint)
#include "tst_channelendpoint.moc"
