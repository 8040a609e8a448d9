// libFuzzer target: arbitrary bytes, as a whole RPCI and as each payload,
// never crash the guest info decoders; what decodes re-encodes and decodes
// to the same tree.
#include "../GuestInfoDecoder.h"
#include "../NicInfoCodec.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace gk::guestinfo;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    (void)decodeGuestInfoMessage(bytes);
    (void)decodeGuestInfoMessage("SetGuestInfo  10 " + bytes);
    (void)decodeGuestInfoMessage("SetGuestInfo  11 " + bytes);
    (void)decodeGuestInfoMessage("SetGuestInfo  3 " + bytes);
    (void)decodeGuestInfoMessage("SetGuestDiskInfo " + bytes);
    (void)OsInfoCodec::parseDetailedData(bytes);

    const auto nics = NicInfoCodec::decodeGuestNicProto(bytes);
    if (nics) {
        const auto again = NicInfoCodec::encodeGuestNicProto(nics.value());
        if (!again)
            abort();
        const auto back = NicInfoCodec::decodeGuestNicProto(again.value());
        if (!back || !(back.value() == nics.value()))
            abort();
    }
    return 0;
}
