#include "platform/SystemPaths.h"

#include <QDir>

#include <windows.h>

#include <knownfolders.h>
#include <shlobj.h>

namespace gk::platform {

QString defaultConfigPath()
{
    // The known folder, not %ProgramData%: a service's environment need not
    // have the variable (Wine's services.exe gives LocalSystem
    // C:\users\Public there).
    QString base = QStringLiteral("C:\\ProgramData");
    wchar_t *path = nullptr;
    if (SUCCEEDED(SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &path)))
        base = QString::fromWCharArray(path);
    CoTaskMemFree(path);
    return QDir::toNativeSeparators(base + QStringLiteral("/guestkit/guestkit.conf"));
}

QString sharedFoldersRoot()
{
    // vmtoolsd asks the vmhgfs redirector for its UNC root
    // (lib/hgfsHelper/hgfsHelperWin32.c) and reports nothing without it;
    // guestkit ships no redirector, so there is nothing to report.
    return {};
}

} // namespace gk::platform
