#pragma once

#include "CredentialVerifier.h"
#include "GuestOpsPolicy.h"
#include "VixOperationTable.h"
#include "WorkerPool.h"

#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <chrono>
#include <functional>

namespace gk::vix::server {

// Answers Vix_1_Relayed_Command: decode -> policy -> opcode row ->
// credentials -> handler -> reply, in the order vmtoolsd checks them
// (services/plugins/vix/vixTools.c VixTools_ProcessVixCommand). Lives on the
// event-loop thread; credential checks and Worker rows run on its own
// thread pool, so a blocked operation never delays `ping`. Having queued a
// request, the event loop waits up to `handoffWait` for the answer before it
// goes back to its other work (InlineReply), and the pool's threads linger as
// long for the next request (WorkerPool): a stream of HGFS packets then
// crosses no sleeping thread. Zero turns both off.
class VixServer : public QObject
{
    Q_OBJECT
public:
    using Respond = std::function<void(const QByteArray &replyBody)>;

    static constexpr std::chrono::microseconds kDefaultHandoffWait{250};

    VixServer(const VixOperationTable &table, CredentialVerifier &verifier, int maxWorkers,
              std::chrono::microseconds handoffWait = kDefaultHandoffWait,
              QObject *parent = nullptr);
    ~VixServer() override;

    void setPolicy(const GuestOpsPolicy &policy);
    GuestOpsPolicy policy() const;
    const VixOperationTable &table() const { return m_table; }

    // args: what follows "Vix_1_Relayed_Command ". respond gets the reply
    // body (without "OK "), always on this object's thread, exactly once.
    void handle(const QByteArray &args, Respond respond);

    // Blocks until every queued worker task finished (shutdown, tests).
    void waitForWorkers();

private:
    void runAuthenticated(const VixOperation &op, std::shared_ptr<const VixRequest> request,
                          Respond respond);
    void runHandler(const VixOperation &op, VixCall call, Respond respond);
    void finish(const std::shared_ptr<const VixRequest> &request, OpReply reply,
                const Respond &respond, const VixOperation *op = nullptr);
    // finish() from any thread: at once on `loop` (the server's thread), by
    // a queued call from any other; nothing once the server is gone.
    static void finishFrom(QThread *loop, const QPointer<VixServer> &self,
                           std::shared_ptr<const VixRequest> request, OpReply reply,
                           Respond respond, const VixOperation *op);
    void warnNoAuthOnce(const VixOperation &op);

    const VixOperationTable &m_table;
    CredentialVerifier &m_verifier;
    mutable QMutex m_policyMutex;
    GuestOpsPolicy m_policy;
    WorkerPool m_pool;
    std::chrono::microseconds m_handoffWait;
    QSet<quint32> m_noAuthWarned;
};

} // namespace gk::vix::server
