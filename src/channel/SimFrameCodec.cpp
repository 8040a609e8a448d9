#include "SimFrameCodec.h"

#include <QtEndian>

namespace gk::channel {

QByteArray encodeSimFrame(const QByteArray &payload)
{
    QByteArray frame(4 + payload.size(), Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(payload.size()), frame.data());
    memcpy(frame.data() + 4, payload.constData(), size_t(payload.size()));
    return frame;
}

} // namespace gk::channel
