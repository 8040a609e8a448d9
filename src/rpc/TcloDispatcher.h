#pragma once

#include "TcloReply.h"

#include <QHash>

#include <functional>

namespace gk::rpc {

// THE table of TCLO commands: name -> handler. Feature modules add their rows
// at start-up; the dispatcher itself names no feature. Handlers answer through
// the responder, now or later (work that blocks runs off the event loop).
class TcloDispatcher
{
public:
    using Respond = std::function<void(const TcloReply &)>;
    using Handler = std::function<void(const QByteArray &args, Respond respond)>;
    using SyncHandler = std::function<TcloReply(const QByteArray &args)>;

    // A duplicate or empty name is a programming error and aborts, as
    // RpcChannel_RegisterCallback does (lib/rpcChannel/rpcChannel.c).
    void add(const QByteArray &name, Handler handler);
    void addSync(const QByteArray &name, SyncHandler handler);

    bool contains(const QByteArray &name) const { return m_handlers.contains(name); }
    QList<QByteArray> names() const;

    // Answers one TCLO message; respond is called exactly once.
    void dispatch(const QByteArray &message, Respond respond) const;

    struct Parsed
    {
        QByteArray name; // empty: no command name at all
        QByteArray args; // the bytes after the name and its one separating space
    };
    // How RpcChannel_Dispatch splits a message: leading spaces skipped, the
    // name ends at a space or NUL.
    static Parsed parse(const QByteArray &message);

private:
    // A synchronous handler answers exactly once by construction, so it runs
    // without the answer-once guard that an asynchronous one needs: ping,
    // the hot path, allocates nothing but its reply.
    struct Entry
    {
        Handler async;
        SyncHandler sync;
    };
    void insert(const QByteArray &name, Entry entry);

    QHash<QByteArray, Entry> m_handlers;
};

} // namespace gk::rpc
