#include "DaemonConfig.h"

#include "channel/ChannelEndpoint.h"

#include <QFileInfo>

namespace gk::daemon {

const QStringList &logLevelNames()
{
    static const QStringList names = {
        QStringLiteral("none"),        QStringLiteral("fatal"),   QStringLiteral("critical"),
        QStringLiteral("error"),       QStringLiteral("warning"), QStringLiteral("notice"),
        QStringLiteral("information"), QStringLiteral("debug"),   QStringLiteral("trace")};
    return names;
}

DaemonConfig DaemonConfig::read(ConfigReader &reader)
{
    DaemonConfig c;
    c.channel = reader.readString(QStringLiteral("channel/endpoint"), c.channel);
    QString why;
    if (!channel::ChannelEndpoint::parse(c.channel, &why))
        reader.addError(QStringLiteral("channel/endpoint"), why);
    c.confDirectory = reader.readString(
        QStringLiteral("daemon/conf_directory"),
        reader.path().isEmpty() ? QString() : QFileInfo(reader.path()).absolutePath());

    c.log.level = reader.readChoice(QStringLiteral("logging/level"), c.log.level, logLevelNames());
    c.log.file = reader.readString(QStringLiteral("logging/file"), c.log.file);
    c.log.fileRotateSize = reader.readSize(QStringLiteral("logging/file_rotate_size"),
                                           c.log.fileRotateSize, 64 * 1024, qint64(1) << 32);
    c.log.fileKeep =
        int(reader.readInt(QStringLiteral("logging/file_keep"), c.log.fileKeep, 0, 100));
    c.log.syslog = reader.readBool(QStringLiteral("logging/syslog"), c.log.syslog);
    return c;
}

} // namespace gk::daemon
