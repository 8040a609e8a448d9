// HgfsSendPacket (VMXI_HGFS_SEND_PACKET_COMMAND): the packets of a file
// transfer started by InitiateFileTransferToGuest/FromGuest. vixTools.c
// VixToolsProcessHgfsPacket runs the HGFS server as the credentials' user and
// answers with the HGFS reply packet as the binary result (the VMX sets
// VIX_COMMAND_GUEST_RETURNS_BINARY; foundryToolsDaemon.c adds "#").
#include "TransferHandlers.h"
#include "VixContext.h"
#include "VixOperationTable.h"

#include "hgfs/server/HgfsServer.h"

#include <QThread>
#include <QTimer>

namespace gk::vix::server {

namespace {

// Sessions belong to a user: a packet under other credentials cannot use them.
QString ownerKey(const platform::UserAccount &account)
{
    return account.sid.isEmpty() ? QStringLiteral("%1:%2").arg(account.name).arg(account.uid)
                                 : account.sid;
}

std::shared_ptr<hgfs::server::HgfsServer> makeHgfsServer(VixContext &context)
{
    return std::make_shared<hgfs::server::HgfsServer>(transferHandlers(context));
}

} // namespace

void addHgfsOperations(VixOperationTable &table, VixContext &context)
{
    std::shared_ptr<hgfs::server::HgfsServer> hgfs = makeHgfsServer(context);
    // Idle sessions end even when no further packet comes to notice them.
    // The table (and with it this timer) is destroyed on the timer's thread
    // in practice; deleteLater covers any other.
    std::shared_ptr<QTimer> sweep(new QTimer, [](QTimer *t) {
        if (t->thread() == QThread::currentThread())
            delete t;
        else
            t->deleteLater();
    });
    sweep->setInterval(30 * 1000);
    QObject::connect(sweep.get(), &QTimer::timeout, [weak = std::weak_ptr(hgfs)] {
        if (auto server = weak.lock())
            server->expireIdle();
    });
    sweep->start();

    table.add({VixOp::HgfsSendPacket, QStringLiteral("HgfsSendPacket"), QString(),
               VixOperation::Credential::Required, true, VixOperation::Thread::Worker,
               [hgfs, sweep](VixCall &call, VixDone done) {
                   const auto &req = call.body<HgfsSendPacketRequest>();
                   if (!call.login.session) {
                       done(OpReply::failure(VixErr::Fail));
                       return;
                   }
                   const QByteArray reply = hgfs->process(
                       req.packet, {call.login.session, ownerKey(call.login.account)});
                   // hgfsServer.c drops packets it cannot answer; the VMX then
                   // sees the request fail.
                   if (reply.isEmpty())
                       done(OpReply::failure(VixErr::Fail));
                   else
                       done(OpReply::ok(reply));
               }});
}

} // namespace gk::vix::server
