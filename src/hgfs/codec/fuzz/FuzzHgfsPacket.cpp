// libFuzzer target: arbitrary bytes as an HGFS request packet (header, then the
// op's arguments) and as a reply packet in both header forms. The decoders must
// never crash, and a packet they accept must re-encode to a packet that decodes
// to the same header.
#include "../HgfsRequestDecoder.h"

#include <cstdint>
#include <cstdlib>

using namespace gk::hgfs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray packet(reinterpret_cast<const char *>(data), qsizetype(size));

    const HgfsDecodedRequest req = decodeRequest(packet);
    if (req.packet.args.size() > packet.size())
        abort();
    if (req.packet.canReply) {
        const QByteArray reply = encodeReplyPacket(req.packet.header, req.packet.status);
        auto back = decodeReplyPacket(reply, req.packet.header.form, req.packet.header.op);
        if (!back.ok() || back.value.status != req.packet.status)
            abort();
    }
    if (req.ok()) {
        const QByteArray again = encodeRequestPacket(req.packet.header, req.packet.args);
        const HgfsRequestPacket p2 = decodeRequestPacket(again);
        if (!p2.ok() || p2.header.op != req.packet.header.op ||
            p2.header.requestId != req.packet.header.requestId || p2.args != req.packet.args)
            abort();
    }

    if (size > 0) {
        const quint32 op = data[0] % (opValue(HgfsOp::Max) + 1);
        for (HgfsHeaderForm form : {HgfsHeaderForm::Legacy, HgfsHeaderForm::Session}) {
            auto rep = decodeReplyPacket(packet, form, op);
            if (!rep.ok())
                continue;
            HgfsCreateSessionReply::decode(rep.value.body);
            HgfsOpenReply::decode(op, rep.value.body);
            HgfsReadReply::decode(rep.value.body);
            HgfsWriteReply::decode(rep.value.body);
            HgfsGetattrReply::decode(op, rep.value.body);
        }
    }
    return 0;
}
