#include "GuestInfoMessages.h"

#include "codec/GuestInfoMessage.h"

namespace gk::guestinfo {

QString slotName(GuestInfoSlot slot)
{
    switch (slot) {
    case GuestInfoSlot::BuildNumber:
        return QStringLiteral("build number");
    case GuestInfoSlot::OsDetailed:
        return QStringLiteral("detailed OS data");
    case GuestInfoSlot::OsNameFull:
        return QStringLiteral("full OS name");
    case GuestInfoSlot::OsName:
        return QStringLiteral("OS name");
    case GuestInfoSlot::Disks:
        return QStringLiteral("disk info");
    case GuestInfoSlot::DnsName:
        return QStringLiteral("DNS name");
    case GuestInfoSlot::Nics:
        return QStringLiteral("NIC info");
    case GuestInfoSlot::Uptime:
        return QStringLiteral("uptime");
    }
    return {};
}

QList<GuestInfoOutgoing> buildGuestInfoMessages(const GuestInfoSnapshot &s,
                                                const GuestInfoFallbacks &fallbacks,
                                                const QByteArray &buildString,
                                                QStringList *warnings)
{
    QList<GuestInfoOutgoing> out;
    auto addText = [&](GuestInfoSlot slot, const CodecResult<QByteArray> &message) {
        if (message.ok())
            out.append({slot, message.value()});
        else
            warnings->append(QStringLiteral("%1: %2").arg(slotName(slot), message.error()));
    };
    addText(GuestInfoSlot::BuildNumber, GuestInfoMessage::buildNumber(buildString));
    if (s.os) {
        if (!fallbacks.osLegacy) {
            out.append({GuestInfoSlot::OsDetailed, OsInfoCodec::encodeOsDetailedMessage(*s.os)});
        } else {
            addText(GuestInfoSlot::OsNameFull, GuestInfoMessage::osNameFull(s.os->fullName));
            addText(GuestInfoSlot::OsName, GuestInfoMessage::osName(s.os->shortName));
        }
    }
    if (s.disks) {
        out.append({GuestInfoSlot::Disks, fallbacks.diskBinary
                                              ? DiskInfoCodec::encodeV0Message(*s.disks)
                                              : DiskInfoCodec::encodeJsonMessage(*s.disks)});
    }
    if (s.hostName)
        addText(GuestInfoSlot::DnsName, GuestInfoMessage::dnsName(*s.hostName));
    if (s.network) {
        NicInfoBuilder::Options options;
        options.kind = fallbacks.nicV2 ? GuestInfoKind::IpAddressV2 : GuestInfoKind::IpAddressV3;
        const CodecResult<NicInfoReport> nic = NicInfoBuilder::build(*s.network, options);
        if (!nic.ok()) {
            warnings->append(QStringLiteral("NIC info: %1").arg(nic.error()));
        } else {
            if (nic->nicLimitReached)
                warnings->append(QStringLiteral("NIC limit (16) reached"));
            out.append({GuestInfoSlot::Nics, nic->message});
        }
    }
    if (s.uptimeCentiseconds)
        out.append({GuestInfoSlot::Uptime, GuestInfoMessage::uptime(*s.uptimeCentiseconds)});
    return out;
}

} // namespace gk::guestinfo
