#include "platform/CommandShell.h"

#include <QFileInfo>

namespace gk::platform {

QString commandShell()
{
    // bash runs a single command with exec, so the pid the client gets is
    // the program's own; dash forks it (open-vm-tools lib/procMgr/procMgrPosix.c).
    static const QString shell = QFileInfo::exists(QStringLiteral("/bin/bash"))
                                     ? QStringLiteral("/bin/bash")
                                     : QStringLiteral("/bin/sh");
    return shell;
}

} // namespace gk::platform
