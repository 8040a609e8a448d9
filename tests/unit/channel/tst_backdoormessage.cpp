// The backdoor GuestRPC message protocol (lib/message/message.c) between the
// guest's MessageChannel and the VMX-side BackdoorEmulator: every message
// length path, low and high bandwidth, cookies, checkpoints in the middle of
// a send and of a receive, status bits that end a transfer, and a closed
// channel; and VMware detection, which never touches the port elsewhere.
#include "channel/backdoor/BackdoorDefs.h"
#include "channel/backdoor/MessageChannel.h"
#include "channel/backdoor/VmwareDetection.h"
#include "vmx/BackdoorEmulator.h"

#include <QtTest>

#include <cstring>

using namespace gk::channel::backdoor;
using gk::vmx::BackdoorEmulator;

namespace {

// Answers every message on a channel with the same bytes (an echo VMX).
void echo(BackdoorEmulator &vmx)
{
    vmx.onMessage([&vmx](int id, quint32, const QByteArray &m) { vmx.post(id, m); });
}

QByteArray pattern(int n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (int i = 0; i < n; ++i)
        b[i] = char((i * 7 + 3) & 0xff);
    return b;
}

// Passes calls through, but overrides the status of the next call of one
// message type: to drive the guest down the paths a real VMX reaches rarely.
class StatusOverride : public PortIo
{
public:
    explicit StatusOverride(PortIo &inner) : m_inner(inner) {}
    void overrideNext(quint16 type, quint16 status)
    {
        m_type = type;
        m_status = status;
        m_armed = true;
    }
    void inOut(BackdoorRegs &r) override
    {
        const quint16 type = r.cxHigh();
        m_inner.inOut(r);
        if (m_armed && type == m_type) {
            m_armed = false;
            r.cx = quint32(m_status) << 16;
        }
    }
    void hbOut(BackdoorRegs &r) override { m_inner.hbOut(r); }
    void hbIn(BackdoorRegs &r) override { m_inner.hbIn(r); }

private:
    PortIo &m_inner;
    quint16 m_type = 0;
    quint16 m_status = 0;
    bool m_armed = false;
};

class FakeCpu : public CpuId
{
public:
    QMap<quint32, CpuidRegs> leaves;
    CpuidRegs query(quint32 leaf) const override { return leaves.value(leaf); }
    static FakeCpu withHypervisor(const char *signature, quint32 maxLeaf = 0x40000010,
                                  quint32 features = 0)
    {
        FakeCpu cpu;
        cpu.leaves[1].ecx = 1u << 31;
        CpuidRegs h;
        h.eax = maxLeaf;
        std::memcpy(&h.ebx, signature, 4);
        std::memcpy(&h.ecx, signature + 4, 4);
        std::memcpy(&h.edx, signature + 8, 4);
        cpu.leaves[0x40000000] = h;
        cpu.leaves[0x40000010].ecx = features;
        return cpu;
    }
};

// Records that a port call happened (it must not, outside VMware).
class CountingIo : public PortIo
{
public:
    int calls = 0;
    PortIo *inner = nullptr;
    void inOut(BackdoorRegs &r) override
    {
        ++calls;
        if (inner)
            inner->inOut(r);
        else
            r.ax = 0xffffffffu;
    }
    void hbOut(BackdoorRegs &) override { ++calls; }
    void hbIn(BackdoorRegs &) override { ++calls; }
};

} // namespace

class TstBackdoorMessage : public QObject
{
    Q_OBJECT

private slots:
    void openAsksForCookiesAndGetsAChannelId()
    {
        BackdoorEmulator vmx;
        MessageChannel a(vmx), b(vmx);
        QString error;
        QVERIFY2(a.open(kProtoTclo, &error), qPrintable(error));
        QVERIFY(b.open(kProtoRpci, &error));
        QVERIFY(a.usesCookies());
        QVERIFY(a.id() != b.id());
        QCOMPARE(vmx.channelsWith(kProtoTclo), QList<int>{a.id()});
        a.close();
        QCOMPARE(vmx.openChannels(), 1);
    }

    void openWithoutCookiesWhenTheVmxHasNone()
    {
        BackdoorEmulator vmx({/*cookies*/ false, false});
        echo(vmx);
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoRpci, &error));
        QVERIFY(!ch.usesCookies());
        QVERIFY(ch.send("info-get x", &error));
        QCOMPARE(ch.receive(&error), QByteArray("info-get x"));
    }

    void openFailsForAnUnknownProtocolAndWhenChannelsRunOut()
    {
        BackdoorEmulator vmx;
        QString error;
        MessageChannel bad(vmx);
        QVERIFY(!bad.open(0x12345678, &error));
        QVERIFY(!error.isEmpty());
        std::vector<std::unique_ptr<MessageChannel>> all;
        for (int i = 0; i < BackdoorEmulator::kMaxChannels; ++i) {
            all.push_back(std::make_unique<MessageChannel>(vmx));
            QVERIFY(all.back()->open(kProtoRpci, &error));
        }
        MessageChannel one(vmx);
        QVERIFY(!one.open(kProtoRpci, &error));
    }

    void messagesOfEveryLengthRoundTrip_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("hb");
        for (bool hb : {false, true}) {
            for (int n : {0, 1, 2, 3, 4, 5, 64 * 1024}) {
                QTest::addRow("%s %d B", hb ? "HB" : "LB", n) << n << hb;
            }
        }
    }
    void messagesOfEveryLengthRoundTrip()
    {
        QFETCH(int, size);
        QFETCH(bool, hb);
        BackdoorEmulator vmx({true, hb});
        QList<QByteArray> got;
        vmx.onMessage([&](int id, quint32, const QByteArray &m) {
            got.append(m);
            vmx.post(id, m);
        });
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoRpci, &error));
        const QByteArray message = pattern(size);
        const quint64 before = ch.stats().lowCalls;
        QVERIFY2(ch.send(message, &error), qPrintable(error));
        QCOMPARE(got, QList<QByteArray>{message});
        // LB: SENDSIZE and one call per 4 bytes; HB: SENDSIZE and one transfer.
        const quint64 sendCalls = ch.stats().lowCalls - before;
        QCOMPARE(sendCalls, hb || size == 0 ? 1u : 1u + quint64((size + 3) / 4));
        QCOMPARE(ch.lastUsedHighBandwidth(), hb);
        const std::optional<QByteArray> back = ch.receive(&error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->size(), message.size());
        QCOMPARE(*back, message);
        QCOMPARE(ch.stats().highCalls, hb && size > 0 ? 2u : 0u);
        QCOMPARE(ch.receive(&error), QByteArray()); // delivered once
    }

    void receiveWithNothingWaitingIsEmpty()
    {
        BackdoorEmulator vmx;
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoTclo, &error));
        const auto m = ch.receive(&error);
        QVERIFY(m);
        QVERIFY(m->isEmpty());
    }

    void checkpointMidSendRestartsFromSendSize_data()
    {
        QTest::addColumn<bool>("hb");
        QTest::newRow("LB") << false;
        QTest::newRow("HB") << true;
    }
    void checkpointMidSendRestartsFromSendSize()
    {
        QFETCH(bool, hb);
        BackdoorEmulator vmx({true, hb});
        QList<QByteArray> got;
        vmx.onMessage([&](int, quint32, const QByteArray &m) { got.append(m); });
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoRpci, &error));
        vmx.injectCheckpoint(
            hb ? BackdoorEmulator::Step::HbOut : BackdoorEmulator::Step::SendPayload, hb ? 1 : 3);
        const QByteArray message = pattern(21);
        QVERIFY2(ch.send(message, &error), qPrintable(error));
        QCOMPARE(vmx.checkpointsInjected(), 1u);
        QCOMPARE(ch.stats().checkpoints, 1u);
        QCOMPARE(got, QList<QByteArray>{message}); // whole, once
    }

    void checkpointMidReceiveRestartsFromRecvSize_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<bool>("hb");
        QTest::newRow("LB payload") << int(BackdoorEmulator::Step::RecvPayload) << false;
        QTest::newRow("LB status") << int(BackdoorEmulator::Step::RecvStatus) << false;
        QTest::newRow("HB transfer") << int(BackdoorEmulator::Step::HbIn) << true;
        QTest::newRow("HB status") << int(BackdoorEmulator::Step::RecvStatus) << true;
    }
    void checkpointMidReceiveRestartsFromRecvSize()
    {
        QFETCH(int, step);
        QFETCH(bool, hb);
        BackdoorEmulator vmx({true, hb});
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoTclo, &error));
        const QByteArray command = pattern(30);
        QVERIFY(vmx.post(ch.id(), command));
        // The second payload call, or the one transfer / status call.
        vmx.injectCheckpoint(BackdoorEmulator::Step(step),
                             step == int(BackdoorEmulator::Step::RecvPayload) ? 2 : 1);
        const auto got = ch.receive(&error);
        QVERIFY2(got, qPrintable(error));
        QCOMPARE(*got, command);
        QCOMPARE(vmx.checkpointsInjected(), 1u);
        QCOMPARE(ch.stats().checkpoints, 1u);
        QCOMPARE(ch.receive(&error), QByteArray());
    }

    void endlessCheckpointsEndInAnErrorNotAHang()
    {
        BackdoorEmulator vmx;
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoRpci, &error));
        for (int i = 0; i <= MessageChannel::kMaxCheckpointRetries; ++i)
            vmx.injectCheckpoint(BackdoorEmulator::Step::SendPayload, i + 1);
        QVERIFY(!ch.send("abcdefgh", &error));
        QVERIFY2(error.contains(QLatin1String("checkpoint")), qPrintable(error));
    }

    void failureStatusBitsEndTheTransferWithTheirMeaning_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("text");
        QTest::newRow("closed on payload")
            << int(kMsgSendPayload) << int(kStatusClosed) << QStringLiteral("closed");
        QTest::newRow("power off on size")
            << int(kMsgSendSize) << int(kStatusPowerOff) << QStringLiteral("powering off");
        QTest::newRow("timeout on payload")
            << int(kMsgSendPayload) << int(kStatusTimeout) << QStringLiteral("timeout");
        QTest::newRow("unsent on size")
            << int(kMsgSendSize) << int(kStatusUnsent) << QStringLiteral("0x0008");
    }
    void failureStatusBitsEndTheTransferWithTheirMeaning()
    {
        QFETCH(int, type);
        QFETCH(int, status);
        QFETCH(QString, text);
        BackdoorEmulator vmx;
        StatusOverride io(vmx);
        MessageChannel ch(io);
        QString error;
        QVERIFY(ch.open(kProtoRpci, &error));
        io.overrideNext(quint16(type), quint16(status));
        QVERIFY(!ch.send("12345678", &error));
        QVERIFY2(error.contains(text), qPrintable(error));
        QCOMPARE(ch.stats().checkpoints, 0u); // no retry
    }

    void receiveFailuresTellTheVmxAndKeepTheMessage()
    {
        BackdoorEmulator vmx;
        StatusOverride io(vmx);
        MessageChannel ch(io);
        QString error;
        QVERIFY(ch.open(kProtoTclo, &error));
        vmx.post(ch.id(), "reset");
        io.overrideNext(kMsgRecvPayload, kStatusClosed);
        QVERIFY(!ch.receive(&error));
        // The guest answered with status 0; the VMX still has the message.
        QCOMPARE(ch.receive(&error), QByteArray("reset"));
        // A VMX that refuses the size step, or announces the wrong type.
        io.overrideNext(kMsgRecvSize, 0);
        QVERIFY(!ch.receive(&error));
    }

    void oversizeMessageFromTheVmxIsRefused()
    {
        BackdoorEmulator vmx({true, true});
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoTclo, &error));
        vmx.post(ch.id(), QByteArray(MessageChannel::kMaxReceive + 1, 'x'));
        QVERIFY(!ch.receive(&error));
        QVERIFY2(error.contains(QLatin1String("limit")), qPrintable(error));
    }

    void closedChannelFailsEveryCall()
    {
        BackdoorEmulator vmx;
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoTclo, &error));
        vmx.closeChannel(ch.id());
        QVERIFY(!ch.send("OK ", &error));
        QVERIFY(!ch.receive(&error));
        QVERIFY(ch.open(kProtoTclo, &error)); // and a new one opens
    }

    void wrongCookiesAreRefusedByTheVmx()
    {
        BackdoorEmulator vmx;
        MessageChannel ch(vmx);
        QString error;
        QVERIFY(ch.open(kProtoRpci, &error));
        BackdoorRegs r;
        r.ax = kMagic;
        r.cx = (quint32(kMsgSendSize) << 16) | kCmdMessage;
        r.dx = (quint32(ch.id()) << 16) | kPortLow;
        r.si = 1;
        r.di = 2;
        r.bx = 4;
        vmx.inOut(r);
        QCOMPARE(r.cxHigh() & kStatusSuccess, 0);
        // Not the magic, or not the port: no backdoor answers.
        BackdoorRegs notMagic;
        notMagic.cx = kCmdGetVersion;
        notMagic.dx = kPortLow;
        vmx.inOut(notMagic);
        QCOMPARE(quint32(notMagic.ax), 0xffffffffu);
    }

    void detectionNeverTouchesThePortWithoutAVmwareSignature()
    {
        CountingIo io;
        auto make = [&io](BackdoorInterface) {
            return std::shared_ptr<PortIo>(&io, [](PortIo *) {});
        };
        FakeCpu bare; // no hypervisor bit
        VmwareCheck c = checkVmware(bare, make, nullptr);
        QVERIFY(!c.ok);
        QVERIFY(c.reason.contains(QLatin1String("no hypervisor")));
        const FakeCpu kvm = FakeCpu::withHypervisor("KVMKVMKVM\0\0\0");
        c = checkVmware(kvm, make, nullptr);
        QVERIFY(!c.ok);
        QVERIFY2(c.reason.contains(QLatin1String("KVMKVMKVM")), qPrintable(c.reason));
        QCOMPARE(io.calls, 0);
        QVERIFY(notVmwareMessage().startsWith(
            QLatin1String("not running in a VMware virtual machine; use --channel sim:")));
    }

    void detectionAsksGetVersionOnVmwareAndChecksTheMagic()
    {
        BackdoorEmulator vmx;
        CountingIo io;
        io.inner = &vmx;
        BackdoorInterface chosen = BackdoorInterface::IoPort;
        auto make = [&](BackdoorInterface i) {
            chosen = i;
            return std::shared_ptr<PortIo>(&io, [](PortIo *) {});
        };
        const FakeCpu vmware = FakeCpu::withHypervisor("VMwareVMware", 0x40000010, 1u << 1);
        std::shared_ptr<PortIo> out;
        const VmwareCheck c = checkVmware(vmware, make, &out);
        QVERIFY2(c.ok, qPrintable(c.reason));
        QCOMPARE(c.version, kVersionMagic);
        QCOMPARE(chosen, BackdoorInterface::Vmcall);
        QCOMPARE(io.calls, 1);
        QVERIFY(out);
        // vmmcall when only that bit is set; the port when the leaf is absent.
        QCOMPARE(queryHypervisor(FakeCpu::withHypervisor("VMwareVMware", 0x40000010, 1)).interface,
                 BackdoorInterface::Vmmcall);
        QCOMPARE(queryHypervisor(FakeCpu::withHypervisor("VMwareVMware", 0x40000005, 3)).interface,
                 BackdoorInterface::IoPort);
        // A "VMware" CPU whose backdoor does not answer: not VMware after all.
        CountingIo dead;
        auto makeDead = [&dead](BackdoorInterface) {
            return std::shared_ptr<PortIo>(&dead, [](PortIo *) {});
        };
        const VmwareCheck no = checkVmware(vmware, makeDead, nullptr);
        QVERIFY(!no.ok);
        QVERIFY2(no.reason.contains(QLatin1String("GETVERSION")), qPrintable(no.reason));
    }
};

QTEST_GUILESS_MAIN(TstBackdoorMessage)
#include "tst_backdoormessage.moc"
