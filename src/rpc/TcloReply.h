#pragma once

#include <QByteArray>

namespace gk::rpc {

// A TCLO reply as vmtoolsd frames it (lib/rpcIn/rpcin.c): "OK " or "ERROR ",
// then the result bytes.
struct TcloReply
{
    bool ok = true;
    QByteArray body;

    static TcloReply success(const QByteArray &body = {}) { return {true, body}; }
    static TcloReply failure(const QByteArray &body) { return {false, body}; }
    QByteArray frame() const
    {
        return (ok ? QByteArrayLiteral("OK ") : QByteArrayLiteral("ERROR ")) + body;
    }
};

} // namespace gk::rpc
