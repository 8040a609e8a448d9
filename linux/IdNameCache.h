#pragma once

#include <QString>

namespace gk::platform::linuxos {

// uid -> user name and gid -> group name, remembered for a short while:
// getpwuid_r reads /etc/passwd (or asks NSS) on every call, which would
// dominate a stat or a listing. Thread-safe; an unknown id gives "".
QString userNameOf(qint64 uid);
QString groupNameOf(qint64 gid);

} // namespace gk::platform::linuxos
