#include "Logging.h"

#include "SystemLogChannel.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <iostream>

namespace gk::daemon {
namespace {

Poco::Logger *g_logger = nullptr;

void forwardQtMessage(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (!g_logger)
        return;
    const std::string message =
        (context.category && qstrcmp(context.category, "default") != 0
             ? QStringLiteral("%1: %2").arg(QLatin1String(context.category), text)
             : text)
            .toStdString();
    switch (type) {
    case QtDebugMsg:
        g_logger->debug(message);
        break;
    case QtInfoMsg:
        g_logger->information(message);
        break;
    case QtWarningMsg:
        g_logger->warning(message);
        break;
    case QtCriticalMsg:
        g_logger->error(message);
        break;
    case QtFatalMsg:
        g_logger->fatal(message);
        break;
    }
}

} // namespace

void Logging::setup(const LogSettings &settings, bool foreground)
{
    Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
    Poco::AutoPtr<Poco::PatternFormatter> stamped(
        new Poco::PatternFormatter("%Y-%m-%d %H:%M:%S.%i [%p] %t"));
    if (foreground) {
        Poco::AutoPtr<Poco::ConsoleChannel> console(new Poco::ConsoleChannel(std::cerr));
        splitter->addChannel(new Poco::FormattingChannel(stamped, console));
    }
    if (!settings.file.isEmpty()) {
        QDir().mkpath(QFileInfo(settings.file).absolutePath());
        Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(settings.file.toStdString()));
        file->setProperty("rotation", std::to_string(settings.fileRotateSize / 1024) + " K");
        file->setProperty("archive", "number");
        file->setProperty("purgeCount", std::to_string(settings.fileKeep));
        splitter->addChannel(new Poco::FormattingChannel(stamped, file));
    }
    if (settings.syslog && !foreground) {
        Poco::AutoPtr<Poco::PatternFormatter> plain(new Poco::PatternFormatter("%t"));
        splitter->addChannel(new Poco::FormattingChannel(plain, createSystemLogChannel()));
    }
    Poco::Logger &logger = Poco::Logger::root();
    logger.setChannel(splitter);
    logger.setLevel(settings.level.toStdString());
    g_logger = &logger;

    // Below debug level, Qt need not even format debug messages.
    if (logger.getLevel() < Poco::Message::PRIO_DEBUG)
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false"));
    qInstallMessageHandler(forwardQtMessage);
}

void Logging::shutdown()
{
    qInstallMessageHandler(nullptr);
    g_logger = nullptr;
    Poco::Logger::shutdown();
}

} // namespace gk::daemon
