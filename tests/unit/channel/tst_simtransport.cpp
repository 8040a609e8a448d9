// The guest end of a sim channel connection against a bare server socket that
// plays the VMX byte by byte, and the simulator's refusal of a bad hello.
#include "channel/SimTransport.h"
#include "vmx/SimPeer.h"
#include "vmx/VmxSimulator.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

using namespace gk::channel;

namespace {

QByteArray readExactly(QIODevice *socket, qsizetype n)
{
    QElapsedTimer timer;
    timer.start();
    // Both ends live in this thread: let the guest side's event loop write
    // what its socket buffered while we wait for the bytes.
    while (socket->bytesAvailable() < n && timer.elapsed() < 10000) {
        QCoreApplication::processEvents();
        socket->waitForReadyRead(5);
    }
    return socket->read(n);
}

QByteArray header(quint32 length)
{
    QByteArray h(4, '\0');
    qToBigEndian<quint32>(length, h.data());
    return h;
}

} // namespace

class TstSimTransport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<QLocalServer> m_server;

    ChannelEndpoint endpoint() const
    {
        return *ChannelEndpoint::parse("sim:unix:" + m_path, nullptr);
    }

    // Opens a transport and returns the server's end of it, hello already read.
    QLocalSocket *openPair(SimTransport &t, ChannelRole role)
    {
        QSignalSpy opened(&t, &MessageTransport::opened);
        t.open();
        if (!m_server->waitForNewConnection(5000))
            return nullptr;
        QLocalSocket *peer = m_server->nextPendingConnection();
        if (opened.isEmpty() && !opened.wait(5000))
            return nullptr;
        const QByteArray hello = readExactly(peer, 8);
        if (hello != header(4) + (role == ChannelRole::Tclo ? "TCLO" : "RPCI"))
            return nullptr;
        return peer;
    }

private slots:
    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("vmx.sock"));
        m_server = std::make_unique<QLocalServer>();
        QLocalServer::removeServer(m_path);
        QVERIFY(m_server->listen(m_path));
    }
    void cleanup() { m_server.reset(); }

    void sendsHelloNamingItsChannel()
    {
        SimTransport tclo(endpoint(), ChannelRole::Tclo);
        QVERIFY(openPair(tclo, ChannelRole::Tclo));
        QVERIFY(tclo.isOpen());
        SimTransport rpci(endpoint(), ChannelRole::Rpci);
        QVERIFY(openPair(rpci, ChannelRole::Rpci));
    }

    void framesEachMessageWithItsLength()
    {
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QLocalSocket *peer = openPair(t, ChannelRole::Tclo);
        QVERIFY(peer);
        QVERIFY(t.send(QByteArray()));
        QVERIFY(t.send(QByteArray("OK \0x", 5)));
        QCOMPARE(readExactly(peer, 4), header(0));
        QCOMPARE(readExactly(peer, 9), header(5) + QByteArray("OK \0x", 5));
    }

    void receivesFrameWrittenByteByByte()
    {
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QLocalSocket *peer = openPair(t, ChannelRole::Tclo);
        QVERIFY(peer);
        QSignalSpy received(&t, &MessageTransport::messageReceived);
        const QByteArray wire = encodeSimFrame("reset") + encodeSimFrame("ping");
        for (char c : wire) {
            peer->write(&c, 1);
            peer->flush();
            QTest::qWait(1); // one read per byte on the guest side
        }
        QTRY_COMPARE(received.size(), 2);
        QCOMPARE(received.at(0).at(0).toByteArray(), QByteArray("reset"));
        QCOMPARE(received.at(1).at(0).toByteArray(), QByteArray("ping"));
    }

    void receivesSeveralFramesFromOneWrite()
    {
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QLocalSocket *peer = openPair(t, ChannelRole::Tclo);
        QVERIFY(peer);
        QSignalSpy received(&t, &MessageTransport::messageReceived);
        peer->write(encodeSimFrame("a") + encodeSimFrame({}) + encodeSimFrame("c"));
        peer->flush();
        QTRY_COMPARE(received.size(), 3);
        QCOMPARE(received.at(1).at(0).toByteArray(), QByteArray());
        QCOMPARE(received.at(2).at(0).toByteArray(), QByteArray("c"));
    }

    void carriesExactlyFourMiBBothWays()
    {
        SimTransport t(endpoint(), ChannelRole::Rpci);
        QLocalSocket *peer = openPair(t, ChannelRole::Rpci);
        QVERIFY(peer);
        QByteArray big(kSimMaxFrame, '\x5a');
        big[int(0)] = '\0';
        QVERIFY(t.send(big));
        QCOMPARE(readExactly(peer, 4), header(quint32(kSimMaxFrame)));
        QCOMPARE(readExactly(peer, kSimMaxFrame), big);

        QSignalSpy received(&t, &MessageTransport::messageReceived);
        peer->write(encodeSimFrame(big));
        peer->flush();
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 10000);
        QCOMPARE(received.at(0).at(0).toByteArray(), big);
    }

    void refusesToSendOverFourMiB()
    {
        SimTransport t(endpoint(), ChannelRole::Rpci);
        QLocalSocket *peer = openPair(t, ChannelRole::Rpci);
        QVERIFY(peer);
        QVERIFY(!t.send(QByteArray(kSimMaxFrame + 1, 'x')));
        QVERIFY(t.isOpen());
        QVERIFY(t.send("small"));
        QCOMPARE(readExactly(peer, 9), encodeSimFrame("small"));
    }

    void closesOnOversizedIncomingFrame()
    {
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QLocalSocket *peer = openPair(t, ChannelRole::Tclo);
        QVERIFY(peer);
        QSignalSpy closed(&t, &MessageTransport::closed);
        QSignalSpy received(&t, &MessageTransport::messageReceived);
        peer->write(encodeSimFrame("ping") + header(quint32(kSimMaxFrame) + 1));
        peer->flush();
        QVERIFY(closed.wait(5000));
        QCOMPARE(received.size(), 1); // the valid frame before it still arrived
        QVERIFY(closed.at(0).at(0).toString().contains(QLatin1String("4 MiB")));
        QVERIFY(!t.isOpen());
        // The guest closed its end: the VMX side sees end of stream.
        QTRY_VERIFY(peer->state() == QLocalSocket::UnconnectedState ||
                    peer->waitForDisconnected(100));
    }

    void reportsClosedOnceWhenVmxGoesAway()
    {
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QLocalSocket *peer = openPair(t, ChannelRole::Tclo);
        QVERIFY(peer);
        QSignalSpy closed(&t, &MessageTransport::closed);
        peer->abort();
        QVERIFY(closed.wait(5000));
        QTest::qWait(50);
        QCOMPARE(closed.size(), 1);
        QVERIFY(!t.isOpen());
        QVERIFY(!t.send("late"));
    }

    void reportsClosedWhenNobodyListens()
    {
        m_server.reset();
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QSignalSpy closed(&t, &MessageTransport::closed);
        QSignalSpy opened(&t, &MessageTransport::opened);
        t.open();
        QTRY_COMPARE(closed.size(), 1);
        QTest::qWait(50);
        QCOMPARE(closed.size(), 1);
        QCOMPARE(opened.size(), 0);
    }

    // A VMX whose listen backlog is full never completes the connect; the
    // transport gives up after kConnectTimeoutMs (and the channel's back-off
    // retries) instead of waiting on Qt's 30 s retry loop.
    void givesUpOnAListenerThatNeverAccepts()
    {
#ifdef Q_OS_WIN
        QSKIP("named pipes have no listen backlog to fill");
#endif
        // QLocalServer stops accepting once this many connections are pending,
        // so the kernel backlog behind it fills up.
        m_server->setMaxPendingConnections(1);
        std::vector<std::unique_ptr<QLocalSocket>> fillers;
        for (int i = 0; i < 400; ++i) {
            auto s = std::make_unique<QLocalSocket>();
            s->connectToServer(m_path);
            QCoreApplication::processEvents();
            const bool pending = s->state() == QLocalSocket::ConnectingState;
            fillers.push_back(std::move(s));
            if (pending)
                break;
        }
        if (fillers.back()->state() != QLocalSocket::ConnectingState)
            QSKIP("could not fill the listener's backlog");
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QSignalSpy closed(&t, &MessageTransport::closed);
        QElapsedTimer timer;
        timer.start();
        t.open();
        QVERIFY(closed.wait(SimTransport::kConnectTimeoutMs + 3000));
        // A coarse QTimer may fire up to 5 % early.
        QVERIFY2(timer.elapsed() >= SimTransport::kConnectTimeoutMs * 94 / 100,
                 qPrintable(closed.first().first().toString()));
        QVERIFY2(closed.first().first().toString().contains(QStringLiteral("no answer")),
                 qPrintable(closed.first().first().toString()));
        QVERIFY(!t.isOpen());
    }

    void abortDoesNotEmitClosed()
    {
        SimTransport t(endpoint(), ChannelRole::Tclo);
        QVERIFY(openPair(t, ChannelRole::Tclo));
        QSignalSpy closed(&t, &MessageTransport::closed);
        t.abort();
        QTest::qWait(50);
        QCOMPARE(closed.size(), 0);
        QVERIFY(!t.isOpen());
    }

    void worksOverTcpLoopback()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        SimTransport t(
            *ChannelEndpoint::parse(QStringLiteral("sim:tcp:127.0.0.1:%1").arg(server.serverPort()),
                                    nullptr),
            ChannelRole::Tclo);
        QSignalSpy opened(&t, &MessageTransport::opened);
        QSignalSpy received(&t, &MessageTransport::messageReceived);
        t.open();
        QVERIFY(opened.wait(5000));
        QVERIFY(server.hasPendingConnections() || server.waitForNewConnection(5000));
        QTcpSocket *peer = server.nextPendingConnection();
        QCOMPARE(readExactly(peer, 8), header(4) + "TCLO");
        peer->write(encodeSimFrame("reset"));
        peer->flush();
        QVERIFY(received.wait(5000));
        QCOMPARE(received.at(0).at(0).toByteArray(), QByteArray("reset"));
    }

    void simulatorClosesConnectionWithBadHello_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::newRow("wrong name") << encodeSimFrame("XXXX");
        QTest::newRow("lower case") << encodeSimFrame("tclo");
        QTest::newRow("hello with extra byte") << encodeSimFrame("TCLO ");
        QTest::newRow("empty frame") << encodeSimFrame({});
        QTest::newRow("oversized length") << header(quint32(kSimMaxFrame) + 1);
    }
    void simulatorClosesConnectionWithBadHello()
    {
        QFETCH(QByteArray, first);
        m_server.reset();
        gk::vmx::VmxSimulator sim;
        QString error;
        QVERIFY2(sim.listen(endpoint(), &error), qPrintable(error));
        QLocalSocket socket;
        socket.connectToServer(m_path);
        QVERIFY(socket.waitForConnected(5000));
        QSignalSpy disconnected(&socket, &QLocalSocket::disconnected);
        socket.write(first);
        socket.flush();
        QVERIFY(disconnected.wait(5000));
        QVERIFY(!sim.isGuestReady());
    }

    void simulatorSendsResetAfterGoodHello()
    {
        m_server.reset();
        gk::vmx::VmxSimulator sim;
        QString error;
        QVERIFY(sim.listen(endpoint(), &error));
        QLocalSocket socket;
        socket.connectToServer(m_path);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(encodeSimFrame("TCLO") + encodeSimFrame({}));
        socket.flush();
        // The simulator answers on its own event loop; let it run while waiting.
        QTRY_VERIFY(socket.bytesAvailable() >= 9);
        QCOMPARE(socket.read(9), encodeSimFrame("reset"));
    }
};

QTEST_GUILESS_MAIN(TstSimTransport)
#include "tst_simtransport.moc"
