#include "PrimaryAddress.h"

#include "GuestInfoCollector.h"

#include <QNetworkInterface>

namespace gk::guestinfo {

QString primaryIPv4(const GuestInfoSettings &settings)
{
    enum Priority { Primary, Normal, Low, None };
    QString best;
    Priority bestPriority = None;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &nic : interfaces) {
        const auto flags = nic.flags();
        const QString name = nic.name();
        if (!flags.testFlag(QNetworkInterface::IsUp) ||
            flags.testFlag(QNetworkInterface::IsLoopBack) ||
            GuestInfoCollector::matchesAny(name, settings.excludeNics))
            continue;
        const Priority priority =
            GuestInfoCollector::matchesAny(name, settings.primaryNics)       ? Primary
            : GuestInfoCollector::matchesAny(name, settings.lowPriorityNics) ? Low
                                                                             : Normal;
        if (priority >= bestPriority)
            continue;
        for (const QNetworkAddressEntry &entry : nic.addressEntries()) {
            if (entry.ip().protocol() == QAbstractSocket::IPv4Protocol &&
                !entry.ip().isLoopback()) {
                best = entry.ip().toString();
                bestPriority = priority;
                break;
            }
        }
        if (bestPriority == Primary)
            break; // nothing better to find
    }
    return best;
}

} // namespace gk::guestinfo
