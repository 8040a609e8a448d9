#include "platform/SystemPaths.h"

namespace gk::platform {

QString defaultConfigPath()
{
    return QStringLiteral("/etc/guestkit/guestkit.conf");
}

std::optional<QByteArray> pathBelowRootShare(const QStringList &components)
{
    QByteArray path;
    for (const QString &c : components)
        path += '/' + c.toUtf8();
    return path.isEmpty() ? QByteArray("/") : path;
}

} // namespace gk::platform
