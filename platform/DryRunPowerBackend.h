#pragma once

#include "platform/PowerBackend.h"

#include <QList>
#include <QMutex>

namespace gk::platform {

// A power backend that never touches the machine: it logs what it would do
// and records it, for demos with the simulator and for tests.
class DryRunPowerBackend final : public PowerBackend
{
public:
    PlatformError perform(PowerAction action) override;
    QList<PowerAction> performed() const;

private:
    mutable QMutex m_mutex;
    QList<PowerAction> m_performed;
};

} // namespace gk::platform
