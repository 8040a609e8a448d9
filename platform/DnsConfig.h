#pragma once

#include <QString>
#include <QStringList>

namespace gk::platform {

// The resolver's configuration (DnsConfigInfo in nicinfo.x).
struct DnsConfig
{
    QString hostName;
    QString domainName;
    QStringList servers;
    QStringList searchDomains;
};

} // namespace gk::platform
