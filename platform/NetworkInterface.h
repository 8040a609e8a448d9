#pragma once

#include <QList>
#include <QString>

namespace gk::platform {

// An address with its prefix length, as guest info reports it (NicInfoV3's
// IpAddressEntry in open-vm-tools lib/guestRpc/nicinfo.x).
struct IpAddress
{
    QString address; // textual form: "192.0.2.1", "fe80::1"
    int prefixLength = 0;
    bool ipv6 = false;

    friend bool operator==(const IpAddress &, const IpAddress &) = default;
};

struct NetworkInterface
{
    QString name;
    QString macAddress; // "00:50:56:aa:bb:cc"; empty when the link has none
    bool up = false;
    QList<IpAddress> addresses;
};

} // namespace gk::platform
