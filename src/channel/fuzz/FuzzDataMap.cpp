// libFuzzer target: arbitrary bytes through the DataMap packet reader, the
// map parser and the GuestRPC packet decoder never crash, and whatever
// parses serializes back to a packet that parses to the same map.
#include "../DataMapCodec.h"

#include <cstdint>
#include <cstdlib>

using namespace gk::channel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    // The content alone, as the parser sees it after the length prefix.
    QString error;
    if (const std::optional<DataMap> map =
            DataMap::parseContent(bytes.constData(), bytes.size(), &error)) {
        const QByteArray again = map->serialize();
        const std::optional<DataMap> back = DataMap::parsePacket(again, &error);
        if (!back || !(*back == *map))
            abort();
        if (const auto packet = GuestRpcPacket::decode(*map, &error)) {
            if (packet->hasPayload != map->contains(GuestRpcPacket::kFieldPayload))
                abort();
        }
    }
    // The same bytes as a stream, split into packets at arbitrary reads.
    DataMapPacketReader reader;
    size_t pos = 0;
    while (pos < size) {
        const size_t n = std::min<size_t>(1 + data[pos] % 13, size - pos);
        reader.feed(bytes.mid(qsizetype(pos), qsizetype(n)));
        pos += n;
        while (const std::optional<QByteArray> packet = reader.next()) {
            if (packet->size() > kDataMapMaxPacket + 4)
                abort();
            (void)DataMap::parsePacket(*packet, &error);
        }
    }
    return 0;
}
