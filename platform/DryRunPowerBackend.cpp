#include "DryRunPowerBackend.h"

#include <QLoggingCategory>
#include <QMutexLocker>

namespace gk::platform {

Q_LOGGING_CATEGORY(lcDryRunPower, "guestkit.power")

PlatformError DryRunPowerBackend::perform(PowerAction action)
{
    qCInfo(lcDryRunPower, "dry run: would %s the guest", qUtf8Printable(powerActionName(action)));
    QMutexLocker lock(&m_mutex);
    m_performed.append(action);
    return {};
}

QList<PowerAction> DryRunPowerBackend::performed() const
{
    QMutexLocker lock(&m_mutex);
    return m_performed;
}

} // namespace gk::platform
