// libFuzzer target: arbitrary bytes, fed in arbitrary splits, never crash the
// sim frame decoder and never yield a frame over the limit.
#include "../SimFrameCodec.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gk::channel::SimFrameDecoder decoder;
    size_t pos = 0;
    while (pos < size) {
        const size_t chunk = 1 + (data[pos] % 7);
        const size_t n = std::min(chunk, size - pos);
        decoder.feed(QByteArray(reinterpret_cast<const char *>(data + pos), qsizetype(n)));
        pos += n;
        while (auto frame = decoder.next()) {
            if (frame->size() > gk::channel::kSimMaxFrame)
                abort();
        }
    }
    return 0;
}
