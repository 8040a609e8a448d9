#pragma once

#include <QString>

namespace gk::platform {

// Where things live on this OS (implemented by the backend).
// Linux: /etc/guestkit/guestkit.conf; Windows: %ProgramData%\guestkit\guestkit.conf.
QString defaultConfigPath();

} // namespace gk::platform
