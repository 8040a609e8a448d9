#pragma once

#include "GuestLogin.h"
#include "vix/codec/VixRequest.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace gk::vix::server {

// What a handler answers: the VixError, the OS's code, and the result
// (text, or binary when the request asked for it).
struct OpReply
{
    VixError error = VixErr::Ok;
    quint32 additionalError = 0;
    QByteArray result;

    static OpReply ok(QByteArray result = {}) { return {VixErr::Ok, 0, std::move(result)}; }
    static OpReply failure(VixError error, quint32 additionalError = 0)
    {
        return {error, additionalError, {}};
    }
};

// One request as a handler sees it: decoded, allowed by policy, and (for
// rows that need it) authenticated.
struct VixCall
{
    std::shared_ptr<const VixRequest> request;
    GuestLogin login;  // empty account for rows with Credential::None
    QByteArray ticket; // the ticket the request came with (ReleaseCredentials)

    template <typename T> const T &body() const
    {
        return std::get<T>(request->decodedBody.value());
    }
    quint32 opCode() const { return request->header.opCode; }
};

// A handler answers through `done`, exactly once, on any thread; the server
// brings the reply back to the event loop.
using VixDone = std::function<void(OpReply)>;
using VixHandler = std::function<void(VixCall &call, VixDone done)>;

// One row of THE table of VIX operations (opcode -> handler), in the manner
// of govmomi's toolbox/command.go map and vmtoolsd's switch in
// services/plugins/vix/vixTools.c VixTools_ProcessVixCommand.
struct VixOperation
{
    enum class Credential {
        None,     // GetToolsState, WaitForTools: vmtoolsd never authenticates them
        Required, // everything else: name/password, or a ticket
    };
    enum class Thread {
        Worker,    // blocking OS work: runs on the server's thread pool
        EventLoop, // cheap calls into event-loop objects (ProcessManager::start)
    };

    quint32 opCode = 0;
    QString name;     // for logs: "StartProgram"
    QString wsdlName; // the [guestoperations] key and vSphere API name; may be empty
    Credential credential = Credential::Required;
    bool disableable = true; // false: runs even with `disabled = true`
    Thread thread = Thread::Worker;
    VixHandler handler;
    // What a failed request of this opcode carries as its result: vmtoolsd's
    // StartProgram, RunProgram and RunScriptInGuest print their pid (-1)
    // whatever went wrong, credentials included.
    QByteArray failureResult = {};
};

} // namespace gk::vix::server
