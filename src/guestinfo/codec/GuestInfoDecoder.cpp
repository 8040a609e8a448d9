#include "GuestInfoDecoder.h"

#include "NicInfoCodec.h"

namespace gk::guestinfo {

CodecResult<GuestInfoRecord> decodeGuestInfoMessage(const QByteArray &message)
{
    using Result = CodecResult<GuestInfoRecord>;
    if (message.startsWith("SetGuestDiskInfo ")) {
        auto disks = DiskInfoCodec::decodeJsonMessage(message);
        if (!disks)
            return Result::failure(disks.error());
        return Result::success(DiskInfoRecord{true, disks.value()});
    }
    const auto env = GuestInfoMessage::parse(message);
    if (!env)
        return Result::failure(env.error());
    const GuestInfoKind kind = env->kind;
    if (isTextKind(kind))
        return Result::success(TextInfo{kind, env->payload});
    switch (kind) {
    case GuestInfoKind::IpAddressV2:
    case GuestInfoKind::IpAddressV3: {
        auto nics = NicInfoCodec::decodeGuestNicProto(env->payload);
        if (!nics)
            return Result::failure(nics.error());
        return Result::success(NicInfoRecord{kind, nics.value()});
    }
    case GuestInfoKind::OsDetailed: {
        auto os = OsInfoCodec::decodeOsDetailedPayload(env->payload);
        if (!os)
            return Result::failure(os.error());
        return Result::success(os.value());
    }
    case GuestInfoKind::DiskFreeSpace: {
        auto disks = DiskInfoCodec::decodeV0Payload(env->payload);
        if (!disks)
            return Result::failure(disks.error());
        return Result::success(DiskInfoRecord{false, disks.value()});
    }
    default:
        return Result::failure(
            QStringLiteral("SetGuestInfo kind %1 is not decoded").arg(quint32(kind)));
    }
}

} // namespace gk::guestinfo
