// The backdoor message protocol, low versus high bandwidth (docs/performance.md):
// TCLO ping round trips (the VMX posts "ping", the guest receives it and sends
// "OK ", as one poll cycle) and 64 KiB RPCI messages (sent, then a "1 " answer
// received), between the guest's MessageChannel and the VMX-side emulator in
// this process. Each port call is a function call here; inside a VM each is a
// VM exit, so the calls per message are the number that carries over.
//   bench_backdoor [--pings N] [--messages N]
#include "channel/backdoor/BackdoorDefs.h"
#include "channel/backdoor/MessageChannel.h"
#include "vmx/BackdoorEmulator.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace gk::channel::backdoor;
using gk::vmx::BackdoorEmulator;

namespace {

struct Result
{
    double perSecond = 0;
    double callsPerMessage = 0;
};

Result pings(bool hb, int count)
{
    BackdoorEmulator vmx({true, hb});
    MessageChannel guest(vmx);
    QString error;
    if (!guest.open(kProtoTclo, &error))
        qFatal("open: %s", qPrintable(error));
    const int id = guest.id();
    vmx.onMessage([&](int channel, quint32, const QByteArray &reply) {
        if (reply == "OK ")
            vmx.post(channel, "ping");
    });
    vmx.post(id, "ping");
    const quint64 before = vmx.lowCalls() + vmx.highCalls();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        const std::optional<QByteArray> command = guest.receive(&error);
        if (!command || *command != "ping")
            qFatal("receive: %s", qPrintable(error));
        if (!guest.send("OK ", &error))
            qFatal("send: %s", qPrintable(error));
    }
    const double s = double(t.nsecsElapsed()) / 1e9;
    return {count / s, double(vmx.lowCalls() + vmx.highCalls() - before) / count};
}

Result bigRpci(bool hb, int count)
{
    BackdoorEmulator vmx({true, hb});
    MessageChannel guest(vmx);
    QString error;
    if (!guest.open(kProtoRpci, &error))
        qFatal("open: %s", qPrintable(error));
    vmx.onMessage([&](int channel, quint32, const QByteArray &) { vmx.post(channel, "1 "); });
    const QByteArray request = "info-set guestinfo.big " + QByteArray(64 * 1024 - 23, 'x');
    const quint64 before = vmx.lowCalls() + vmx.highCalls();
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        if (!guest.send(request, &error))
            qFatal("send: %s", qPrintable(error));
        const std::optional<QByteArray> reply = guest.receive(&error);
        if (!reply || *reply != "1 ")
            qFatal("receive: %s", qPrintable(error));
    }
    const double s = double(t.nsecsElapsed()) / 1e9;
    return {count / s, double(vmx.lowCalls() + vmx.highCalls() - before) / count};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int pingCount = 200000;
    int messageCount = 2000;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--pings"))
            pingCount = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--messages"))
            messageCount = args[i + 1].toInt();
    }
    std::printf("%-22s %14s %16s\n", "backdoor", "messages/s", "port calls/msg");
    for (bool hb : {false, true}) {
        const Result p = pings(hb, pingCount);
        std::printf("%-22s %14.0f %16.1f\n", hb ? "ping round trip, HB" : "ping round trip, LB",
                    p.perSecond, p.callsPerMessage);
    }
    for (bool hb : {false, true}) {
        const Result r = bigRpci(hb, messageCount);
        std::printf("%-22s %14.0f %16.1f\n", hb ? "64 KiB RPCI, HB" : "64 KiB RPCI, LB",
                    r.perSecond, r.callsPerMessage);
    }
    return 0;
}
