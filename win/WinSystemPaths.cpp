#include "platform/SystemPaths.h"

#include <QDir>

#include <windows.h>

namespace gk::platform {

QString defaultConfigPath()
{
    wchar_t buffer[MAX_PATH];
    const DWORD n = GetEnvironmentVariableW(L"ProgramData", buffer, MAX_PATH);
    const QString base = n > 0 && n < MAX_PATH ? QString::fromWCharArray(buffer, int(n))
                                               : QStringLiteral("C:\\ProgramData");
    return QDir::toNativeSeparators(base + QStringLiteral("/guestkit/guestkit.conf"));
}

} // namespace gk::platform
