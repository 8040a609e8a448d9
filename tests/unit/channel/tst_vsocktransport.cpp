// GuestRPC over vsock (lib/rpcIn/rpcin.c, lib/rpcChannel/vsockChannel.c):
// DataMap packets on a stream, the VMX speaking first on TCLO, the keep-alive
// ping after the first answer, RPCI replies checked for their status, bad
// packets closing the connection, and --channel auto falling back to the
// backdoor. The stream is a local socket here; the real AF_VSOCK connect is
// tried against the kernel's vsock loopback and skipped visibly without it.
#include "channel/BackdoorTransport.h"
#include "channel/FallbackTransport.h"
#include "channel/VsockTransport.h"
#include "channel/backdoor/BackdoorDefs.h"
#include "platform/Vsock.h"
#include "vmx/BackdoorEmulator.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <linux/vm_sockets.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace gk::channel;

class TstVsockTransport : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QLocalServer> m_server;
    QLocalSocket *m_vmx = nullptr; // the VMX end of the connection
    DataMapPacketReader m_reader;

    VsockTransport::Opener opener()
    {
        const QString path = m_server->fullServerName();
        return [path](ChannelRole, QObject *parent, QString *error) -> QIODevice * {
            auto *s = new QLocalSocket(parent);
            s->connectToServer(path);
            if (!s->waitForConnected(2000)) {
                *error = s->errorString();
                delete s;
                return nullptr;
            }
            return s;
        };
    }

    // The next packet the guest sent, decoded.
    std::optional<GuestRpcPacket> nextPacket(int timeoutMs = 2000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (auto raw = m_reader.next()) {
                QString error;
                const auto map = DataMap::parsePacket(*raw, &error);
                return map ? GuestRpcPacket::decode(*map, &error) : std::nullopt;
            }
            QTest::qWait(5); // the guest's timers run meanwhile
            if (m_vmx)
                m_reader.feed(m_vmx->readAll());
        }
        return std::nullopt;
    }

    bool acceptVmx()
    {
        // The transport connects from the event loop: keep it running.
        QElapsedTimer t;
        t.start();
        while (!m_server->hasPendingConnections() && t.elapsed() < 2000)
            QTest::qWait(5);
        m_vmx = m_server->nextPendingConnection();
        m_reader = DataMapPacketReader();
        return m_vmx != nullptr;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<QLocalServer>();
        QVERIFY(m_server->listen(m_dir->filePath(QStringLiteral("vsock"))));
        m_vmx = nullptr;
    }
    void cleanup()
    {
        m_server.reset();
        m_dir.reset();
    }

    void tcloVmxSpeaksFirstGuestAnswersThenKeepsAlive()
    {
        VsockTransport t(opener(), ChannelRole::Tclo);
        QSignalSpy got(&t, &MessageTransport::messageReceived);
        connect(&t, &MessageTransport::opened, &t, [&t] { t.send(QByteArray()); });
        t.open();
        QVERIFY(acceptVmx());
        QTRY_VERIFY(t.isOpen());
        // The channel's opening empty reply is not sent over vsock.
        QVERIFY(!nextPacket(300));
        m_vmx->write(GuestRpcPacket::data("reset").encode());
        m_vmx->flush();
        QVERIFY(got.wait(2000));
        QCOMPARE(got.at(0).at(0).toByteArray(), QByteArray("reset"));
        QVERIFY(t.send("OK ATR toolbox"));
        auto reply = nextPacket();
        QVERIFY(reply);
        QCOMPARE(reply->type, GuestRpcPacket::Type::Data);
        QCOMPARE(reply->payload, QByteArray("OK ATR toolbox"));
        // Then a ping packet about every second.
        auto ping = nextPacket(2500);
        QVERIFY(ping);
        QCOMPARE(ping->type, GuestRpcPacket::Type::Ping);
        QVERIFY(ping->payload.isEmpty());
        // An empty answer goes as a data packet without payload.
        QVERIFY(t.send(QByteArray()));
        auto empty = nextPacket();
        QVERIFY(empty);
        while (empty && empty->type == GuestRpcPacket::Type::Ping)
            empty = nextPacket();
        QVERIFY(empty);
        QVERIFY(!empty->hasPayload);
        // A data packet from the VMX without a payload is a protocol error.
        QSignalSpy closed(&t, &MessageTransport::closed);
        m_vmx->write(GuestRpcPacket::data({}).encode());
        m_vmx->flush();
        QVERIFY(closed.wait(2000));
    }

    void rpciRepliesMustCarryAStatus()
    {
        VsockTransport t(opener(), ChannelRole::Rpci);
        QSignalSpy got(&t, &MessageTransport::messageReceived);
        QSignalSpy closed(&t, &MessageTransport::closed);
        t.open();
        QVERIFY(acceptVmx());
        QTRY_VERIFY(t.isOpen());
        QVERIFY(t.send("info-get guestinfo.x"));
        auto request = nextPacket();
        QVERIFY(request);
        QCOMPARE(request->payload, QByteArray("info-get guestinfo.x"));
        m_vmx->write(GuestRpcPacket::data("1 blue").encode());
        m_vmx->flush();
        QVERIFY(got.wait(2000));
        QCOMPARE(got.at(0).at(0).toByteArray(), QByteArray("1 blue"));
        m_vmx->write(GuestRpcPacket::data("blue").encode());
        m_vmx->flush();
        QVERIFY(closed.wait(2000));
        QVERIFY(closed.at(0).at(0).toString().contains(QLatin1String("invalid format")));
    }

    void malformedPacketClosesTheConnection()
    {
        VsockTransport t(opener(), ChannelRole::Tclo);
        QSignalSpy closed(&t, &MessageTransport::closed);
        t.open();
        QVERIFY(acceptVmx());
        QTRY_VERIFY(t.isOpen());
        // A duplicated field id.
        m_vmx->write(QByteArray::fromHex("00000020"
                                         "000000010000000100000001 00000000"
                                         "000000010000000100000001 00000000")
                         .replace(' ', ""));
        m_vmx->flush();
        QVERIFY(closed.wait(2000));
        QVERIFY(!t.isOpen());
    }

    void autoFallsBackToTheBackdoorWhenVsockIsRefused()
    {
        auto vmx = std::make_shared<gk::vmx::BackdoorEmulator>();
        vmx->onMessage([&](int id, quint32, const QByteArray &m) { vmx->post(id, "1 " + m); });
        auto refused = [](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(new VsockTransport(
                [](ChannelRole, QObject *, QString *error) -> QIODevice * {
                    *error = QStringLiteral("connection refused");
                    return nullptr;
                },
                role));
        };
        auto backdoor = [vmx](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(new BackdoorTransport(vmx, role));
        };
        FallbackTransport t(refused, backdoor, ChannelRole::Rpci);
        QSignalSpy opened(&t, &MessageTransport::opened);
        QSignalSpy got(&t, &MessageTransport::messageReceived);
        t.open();
        QVERIFY(opened.wait(2000));
        QVERIFY(t.describe().contains(QLatin1String("backdoor")));
        QVERIFY(t.send("ping"));
        QVERIFY(got.wait(2000));
        QCOMPARE(got.at(0).at(0).toByteArray(), QByteArray("1 ping"));
        // Both refused: closed, with both reasons.
        FallbackTransport none(refused, refused, ChannelRole::Tclo);
        QSignalSpy closed(&none, &MessageTransport::closed);
        none.open();
        QVERIFY(closed.wait(2000));
        QVERIFY(closed.at(0).at(0).toString().contains(QLatin1String("refused")));
    }

    // RPCI under --channel auto backs off from a vsock that keeps failing
    // (rpcChannel.c: 2 s doubled at every fallback, at most 5 min), then a
    // message after the delay tries vsock again: over vsock when it opens,
    // over the backdoor again when not. TCLO (no VsockRetry) always tries it.
    void rpciBacksOffFromAFailingVsockAndComesBack()
    {
        using std::chrono::milliseconds;
        milliseconds now{1000000};
        auto retry = std::make_shared<VsockRetry>([&now] { return now; });
        QCOMPARE(retry->delay(), milliseconds(2000));
        auto vmx = std::make_shared<gk::vmx::BackdoorEmulator>();
        vmx->onMessage([&](int id, quint32, const QByteArray &m) { vmx->post(id, "1 bd:" + m); });
        int vsockTries = 0;
        bool vsockWorks = false;
        const VsockTransport::Opener working = opener();
        auto vsock = [&](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(new VsockTransport(
                [&](ChannelRole r, QObject *parent, QString *error) -> QIODevice * {
                    ++vsockTries;
                    if (vsockWorks)
                        return working(r, parent, error);
                    *error = QStringLiteral("connection refused");
                    return nullptr;
                },
                role));
        };
        auto backdoor = [vmx](ChannelRole role) {
            return std::unique_ptr<MessageTransport>(new BackdoorTransport(vmx, role));
        };

        FallbackTransport t(vsock, backdoor, ChannelRole::Rpci, retry);
        QSignalSpy opened(&t, &MessageTransport::opened);
        QSignalSpy got(&t, &MessageTransport::messageReceived);
        t.open();
        QVERIFY(opened.wait(2000));
        QCOMPARE(vsockTries, 1);
        QCOMPARE(retry->delay(), milliseconds(4000));
        QVERIFY(t.describe().contains(QLatin1String("backdoor")));
        // Within the delay: the backdoor, no vsock attempt.
        now += milliseconds(3999);
        QVERIFY(t.send("a"));
        QVERIFY(got.wait(2000));
        QCOMPARE(got.takeFirst().at(0).toByteArray(), QByteArray("1 bd:a"));
        QCOMPARE(vsockTries, 1);
        // A new connection within the delay goes straight to the backdoor.
        {
            FallbackTransport other(vsock, backdoor, ChannelRole::Rpci, retry);
            QSignalSpy otherOpened(&other, &MessageTransport::opened);
            other.open();
            QVERIFY(otherOpened.wait(2000));
            QCOMPARE(vsockTries, 1);
        }
        // After it: this message tries vsock, which still fails, and goes
        // over the backdoor; the delay doubles.
        now += milliseconds(1);
        QVERIFY(t.send("b"));
        QVERIFY(got.wait(2000));
        QCOMPARE(got.takeFirst().at(0).toByteArray(), QByteArray("1 bd:b"));
        QCOMPARE(vsockTries, 2);
        QCOMPARE(retry->delay(), milliseconds(8000));
        QCOMPARE(opened.size(), 1); // the switch is not a new connection
        // vsock back: after the delay the message goes over vsock, and stays there.
        vsockWorks = true;
        now += milliseconds(8000);
        QVERIFY(t.send("c"));
        QVERIFY(acceptVmx());
        auto request = nextPacket();
        QVERIFY(request);
        QCOMPARE(request->payload, QByteArray("c"));
        m_vmx->write(GuestRpcPacket::data("1 vs:c").encode());
        m_vmx->flush();
        QVERIFY(got.wait(2000));
        QCOMPARE(got.takeFirst().at(0).toByteArray(), QByteArray("1 vs:c"));
        QVERIFY(t.describe().contains(QLatin1String("vsock")));
        QCOMPARE(retry->delay(), milliseconds(2000));
        QVERIFY(retry->due());
        QCOMPARE(opened.size(), 1);
        // The cap: never more than five minutes.
        for (int i = 0; i < 20; ++i)
            retry->failed();
        QCOMPARE(retry->delay(), VsockRetry::kMaxDelay);

        // TCLO has no back-off: every open tries vsock first.
        vsockWorks = false;
        const int before = vsockTries;
        for (int i = 0; i < 2; ++i) {
            FallbackTransport tclo(vsock, backdoor, ChannelRole::Tclo);
            QSignalSpy tcloOpened(&tclo, &MessageTransport::opened);
            tclo.open();
            QVERIFY(tcloOpened.wait(2000));
        }
        QCOMPARE(vsockTries, before + 2);
    }

    void realVsockLoopbackCarriesPackets()
    {
        // The kernel's vsock loopback (vsock_loopback): listen on the local
        // context id, connect through platform/Vsock.h.
        const int listener = ::socket(AF_VSOCK, SOCK_STREAM, 0);
        if (listener < 0)
            QSKIP("no AF_VSOCK in this kernel: the vsock end-to-end test needs vsock_loopback");
        sockaddr_vm addr{};
        addr.svm_family = AF_VSOCK;
        addr.svm_cid = VMADDR_CID_LOCAL;
        addr.svm_port = 20975;
        if (::bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
            ::listen(listener, 1) != 0) {
            const QByteArray why = qt_error_string(errno).toLocal8Bit();
            ::close(listener);
            QSKIP(qPrintable(QStringLiteral("no vsock loopback here (vsock_loopback module not "
                                            "loaded: %1): vsock end-to-end test skipped")
                                 .arg(QString::fromLocal8Bit(why))));
        }
        QString error;
        const auto c = gk::platform::connectVsock(VMADDR_CID_LOCAL, 20975, false, 1000, &error);
        const int peer = c ? ::accept(listener, nullptr, nullptr) : -1;
        ::close(listener);
        QVERIFY2(c && peer >= 0, qPrintable(error));
        const QByteArray packet = GuestRpcPacket::data("reset").encode();
        QCOMPARE(::write(peer, packet.constData(), size_t(packet.size())), ssize_t(packet.size()));
        QLocalSocket s;
        QVERIFY(s.setSocketDescriptor(c->descriptor));
        QTRY_COMPARE(s.bytesAvailable(), qint64(packet.size()));
        QCOMPARE(s.readAll(), packet);
        ::close(peer);
    }
};

QTEST_GUILESS_MAIN(TstVsockTransport)
#include "tst_vsocktransport.moc"
