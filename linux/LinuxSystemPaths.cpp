#include "platform/SystemPaths.h"

namespace gk::platform {

QString defaultConfigPath()
{
    return QStringLiteral("/etc/guestkit/guestkit.conf");
}

QString sharedFoldersRoot()
{
    // HGFSHLPR_DEFAULT_MOUNT_PATH (lib/hgfsHelper/hgfsHelperPosix.c), which
    // vmtoolsd reports whether or not anything is mounted there.
    return QStringLiteral("/mnt/hgfs");
}

std::optional<QByteArray> pathBelowRootShare(const QStringList &components)
{
    QByteArray path;
    for (const QString &c : components)
        path += '/' + c.toUtf8();
    return path.isEmpty() ? QByteArray("/") : path;
}

QByteArray directoryOfGuestPath(const QByteArray &path)
{
    QByteArray p = path;
    while (p.size() > 1 && p.endsWith('/'))
        p.chop(1);
    const qsizetype slash = p.lastIndexOf('/');
    if (slash < 0)
        return {};
    return slash == 0 ? QByteArray("/") : p.left(slash);
}

} // namespace gk::platform
