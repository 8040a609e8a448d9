// libFuzzer target: arbitrary Vix_1_Relayed_Command arguments never crash the
// request decoder, and whatever it accepts re-encodes and decodes the same.
#include "../VixReply.h"
#include "../VixRequest.h"

#include <cstdint>
#include <cstdlib>

using namespace gk::vix;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray args(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto request = decodeVixRequest(args);
    if (!request) {
        // A refused request still gets a well-formed text reply.
        const bool binary = vixBinaryReplyRequested(args);
        const QByteArray reply = VixReply::encode(request.error().code, 0, {}, binary);
        if (reply.isEmpty() || (!binary && reply.back() != '\0'))
            abort();
        return 0;
    }
    const VixRequest &r = request.value();
    if (r.header.totalMessageLength > kVixMaxRequestSize)
        abort();
    if (r.decodedBody) {
        // Whatever decodes must survive a round trip through the encoder.
        const QByteArray again = encodeVixRequestBody(r.header.opCode, r.decodedBody.value());
        const auto redecoded = decodeVixRequestBody(r.header.opCode, again);
        if (!redecoded)
            abort();
        if (encodeVixRequestBody(r.header.opCode, redecoded.value()) != again)
            abort();
    }
    // A result as large as the body must still fit the TCLO buffer.
    const QByteArray reply =
        VixReply::encode(VixErr::Ok, 0, QByteArray(qsizetype(r.header.bodyLength), 0x78),
                         r.header.wantsBinaryReply());
    if (reply.size() > kVixTcloBufferSize)
        abort();
    return 0;
}
