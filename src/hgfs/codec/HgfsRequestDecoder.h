#pragma once

#include "HgfsAttrOps.h"
#include "HgfsFileOps.h"
#include "HgfsHeader.h"
#include "HgfsSessionOps.h"

#include <variant>

namespace gk::hgfs {

// The op arguments of every request this codec understands; monostate for
// none (the packet failed or the op has no decoder).
using HgfsRequestArgs = std::variant<std::monostate, HgfsCreateSessionRequest, HgfsDestroySession,
                                     HgfsOpenRequest, HgfsReadRequest, HgfsWriteRequest,
                                     HgfsCloseRequest, HgfsGetattrRequest, HgfsSetattrRequest>;

// True for the ops decodeRequestArgs knows.
bool hasRequestDecoder(quint32 op);

// Decodes the arguments of `op`. An op without a decoder gives
// unsupportedOpStatus(op).
HgfsDecoded<HgfsRequestArgs> decodeRequestArgs(quint32 op, const QByteArray &args);

// A whole request: header first, then the op's arguments.
struct HgfsDecodedRequest
{
    HgfsRequestPacket packet; // packet.status / canReply describe any failure
    HgfsRequestArgs args;

    bool ok() const { return packet.ok(); }
};
HgfsDecodedRequest decodeRequest(const QByteArray &packet);

} // namespace gk::hgfs
