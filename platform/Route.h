#pragma once

#include <QString>

namespace gk::platform {

// One entry of the kernel's routing table.
struct Route
{
    QString destination; // network address, "0.0.0.0" / "::" for the default route
    int prefixLength = 0;
    QString gateway; // empty when the destination is on the link
    QString interfaceName;
    quint32 metric = 0;
    bool ipv6 = false;

    friend bool operator==(const Route &, const Route &) = default;
};

} // namespace gk::platform
