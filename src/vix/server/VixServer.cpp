#include "VixServer.h"

#include "InlineReply.h"
#include "vix/codec/VixReply.h"

#include <QLoggingCategory>
#include <QMutexLocker>
#include <QPointer>

Q_LOGGING_CATEGORY(lcVix, "guestkit.vix")

namespace gk::vix::server {

VixServer::VixServer(const VixOperationTable &table, CredentialVerifier &verifier, int maxWorkers,
                     std::chrono::microseconds handoffWait, QObject *parent)
    : QObject(parent), m_table(table), m_verifier(verifier), m_pool(maxWorkers, handoffWait),
      // Waiting on the event loop would only hold back the worker on one CPU.
      m_handoffWait(QThread::idealThreadCount() > 1 ? handoffWait : std::chrono::microseconds(0))
{
    GuestOpsPolicy initial;
    initial.setAlwaysDisabled(m_table.unavailableNames());
    m_policy = initial;
}

VixServer::~VixServer()
{
    m_pool.waitForDone();
}

void VixServer::setPolicy(const GuestOpsPolicy &policy)
{
    QMutexLocker lock(&m_policyMutex);
    m_policy = policy;
    m_policy.setAlwaysDisabled(m_table.unavailableNames());
}

GuestOpsPolicy VixServer::policy() const
{
    QMutexLocker lock(&m_policyMutex);
    return m_policy;
}

void VixServer::waitForWorkers()
{
    m_pool.waitForDone();
}

void VixServer::finish(const std::shared_ptr<const VixRequest> &request, OpReply reply,
                       const Respond &respond, const VixOperation *op)
{
    if (op && reply.error != VixErr::Ok && reply.result.isEmpty())
        reply.result = op->failureResult;
    if (request)
        reply.error = vixRewriteError(request->header.opCode, reply.error);
    const bool binary = request && request->header.wantsBinaryReply();
    respond(VixReply::encode(reply.error, reply.additionalError, reply.result, binary));
}

void VixServer::handle(const QByteArray &args, Respond respond)
{
    Decoded<VixRequest> decoded = decodeVixRequest(args);
    if (!decoded.ok()) {
        qCWarning(lcVix).noquote() << "refused a malformed VIX request:" << decoded.error().reason;
        // vmtoolsd already honours the binary flag of a message that passed
        // its first validation, even when a later check refuses it.
        const OpReply reply = OpReply::failure(decoded.error().code);
        respond(VixReply::encode(reply.error, reply.additionalError, reply.result,
                                 vixBinaryReplyRequested(args)));
        return;
    }
    auto request = std::make_shared<const VixRequest>(std::move(decoded).value());
    const quint32 opCode = request->header.opCode;
    const VixOperation *op = m_table.find(opCode);

    // Policy first, as vmtoolsd checks VixToolsCheckIfVixCommandEnabled
    // before it even looks for a handler.
    const QString wsdlName = op ? op->wsdlName : m_table.unavailableName(opCode);
    const GuestOpsPolicy::Decision decision = policy().check(wsdlName, op ? op->disableable : true);
    if (!decision.allowed) {
        qCInfo(lcVix).noquote() << "opcode" << opCode << "refused:" << decision.reason;
        finish(request, OpReply::failure(VixErr::OperationDisabled), respond);
        return;
    }
    if (!op) {
        qCInfo(lcVix) << "unrecognised VIX opcode" << opCode;
        finish(request, OpReply::failure(VixErr::UnrecognizedCommandInGuest), respond);
        return;
    }
    if (!request->decodedBody.ok() &&
        vixBodyErrorPrecedesAuth(opCode, request->decodedBody.error())) {
        qCInfo(lcVix).noquote() << op->name << "refused:" << request->decodedBody.error().reason;
        finish(request, OpReply::failure(request->decodedBody.error().code), respond, op);
        return;
    }
    if (op->credential == VixOperation::Credential::None) {
        if (!request->decodedBody.ok()) {
            finish(request, OpReply::failure(request->decodedBody.error().code), respond, op);
            return;
        }
        runHandler(*op, VixCall{request, {}, {}}, std::move(respond));
        return;
    }
    if (m_verifier.isNoAuth())
        warnNoAuthOnce(*op);
    runAuthenticated(*op, std::move(request), std::move(respond));
}

void VixServer::warnNoAuthOnce(const VixOperation &op)
{
    if (m_noAuthWarned.contains(op.opCode))
        return;
    m_noAuthWarned.insert(op.opCode);
    qCWarning(lcVix).noquote() << op.name
                               << "runs without a password check as the daemon's own user "
                                  "([auth] mode = none)";
}

void VixServer::runAuthenticated(const VixOperation &op, std::shared_ptr<const VixRequest> request,
                                 Respond respond)
{
    QPointer<VixServer> self(this);
    const VixOperation *row = &op;
    // Only when the event loop will wait for it; otherwise every answer
    // takes the queued way.
    auto inlineReply = m_handoffWait.count() > 0 ? std::make_shared<InlineReply>() : nullptr;
    QThread *const loop = thread();
    m_pool.start(
        [self, row, request, respond, verifier = &m_verifier, inlineReply, loop]() mutable {
            CredentialVerifier::Outcome outcome = verifier->verify(request->credential);
            const bool proceed = outcome.error == VixErr::Ok && request->decodedBody.ok();
            if (proceed && row->thread == VixOperation::Thread::Worker) {
                // Stay on this worker: no round trip through the event loop.
                VixCall call{request, std::move(outcome.login), outcome.ticket};
                // Work the handler sends to the event loop (InlineReply::toEventLoop)
                // goes to it directly while it waits.
                const InlineReply::WorkerScope scope(inlineReply.get(), loop);
                row->handler(call, [self, row, request, respond, inlineReply, loop](OpReply reply) {
                    // On the event loop: from work handed to it, which answers.
                    if (QThread::currentThread() != loop && inlineReply &&
                        inlineReply->deliver(reply)) {
                        // The waiting event loop answers it; the next request of
                        // a stream is likely close behind.
                        WorkerPool::lingerAfterThisTask();
                        return;
                    }
                    finishFrom(loop, self, request, std::move(reply), respond, row);
                });
                // Anything the handler left for later (work posted to the event
                // loop, an answer from another thread) takes the queued way.
                if (inlineReply)
                    inlineReply->detach();
                return;
            }
            if (inlineReply)
                inlineReply->detach();
            auto back = [self, row, request, respond, outcome = std::move(outcome)]() mutable {
                if (!self)
                    return;
                if (outcome.error != VixErr::Ok) {
                    qCWarning(lcVix).noquote() << row->name << "refused:" << outcome.reason;
                    self->finish(request, OpReply::failure(outcome.error), respond, row);
                    return;
                }
                if (!request->decodedBody.ok()) {
                    qCInfo(lcVix).noquote()
                        << row->name << "refused:" << request->decodedBody.error().reason;
                    self->finish(request, OpReply::failure(request->decodedBody.error().code),
                                 respond, row);
                    return;
                }
                self->runHandler(*row, VixCall{request, std::move(outcome.login), outcome.ticket},
                                 std::move(respond));
            };
            QMetaObject::invokeMethod(self.data(), std::move(back), Qt::QueuedConnection);
        });
    if (inlineReply) {
        if (std::optional<InlineReply::Handed> handed = inlineReply->await(m_handoffWait)) {
            if (handed->reply)
                finish(request, std::move(*handed->reply), respond, row);
            else if (handed->work)
                handed->work();
        }
    }
}

void VixServer::finishFrom(QThread *loop, const QPointer<VixServer> &self,
                           std::shared_ptr<const VixRequest> request, OpReply reply,
                           Respond respond, const VixOperation *op)
{
    if (!self)
        return;
    if (QThread::currentThread() == loop) {
        self->finish(request, std::move(reply), respond, op);
        return;
    }
    QMetaObject::invokeMethod(
        self.data(),
        [self, op, request, respond, reply = std::move(reply)]() mutable {
            if (self)
                self->finish(request, std::move(reply), respond, op);
        },
        Qt::QueuedConnection);
}

void VixServer::runHandler(const VixOperation &op, VixCall call, Respond respond)
{
    QPointer<VixServer> self(this);
    auto request = call.request;
    const VixOperation *row = &op;
    VixDone done = [self, loop = thread(), row, request, respond](OpReply reply) {
        finishFrom(loop, self, request, std::move(reply), respond, row);
    };
    if (op.thread == VixOperation::Thread::EventLoop) {
        op.handler(call, std::move(done));
        return;
    }
    m_pool.start([row, call = std::move(call), done = std::move(done)]() mutable {
        row->handler(call, std::move(done));
    });
}

} // namespace gk::vix::server
