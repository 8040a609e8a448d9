// rss_floor_*: the resident memory of a program that does nothing but load
// what guestkitd cannot do without (QtCore; QtNetwork with a QLocalSocket;
// Poco's logger) and sit in the event loop: the floor under guestkitd's own
// idle RSS. Prints VmRSS 2 s after start-up, as bench_ping measures it.
#include <QCoreApplication>
#include <QFile>
#include <QTimer>

#ifdef RSS_FLOOR_NETWORK
#include <QLocalSocket>
#endif
#ifdef RSS_FLOOR_POCO
#include <Poco/Logger.h>
#endif

#include <cstdio>

int main(int argc, char **argv)
{
    qputenv("QT_NO_GLIB", "1"); // as guestkitd runs
    QCoreApplication app(argc, argv);
#ifdef RSS_FLOOR_NETWORK
    QLocalSocket socket;
    socket.connectToServer(QStringLiteral("/nonexistent/rss-floor.sock"));
#endif
#ifdef RSS_FLOOR_POCO
    Poco::Logger::root().setLevel("warning");
#endif
    QTimer::singleShot(2000, &app, [] {
        QFile status(QStringLiteral("/proc/self/status"));
        if (status.open(QIODevice::ReadOnly)) {
            for (const QByteArray &line : status.readAll().split('\n')) {
                if (line.startsWith("VmRSS:") || line.startsWith("RssAnon:") ||
                    line.startsWith("RssFile:"))
                    std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                                line.simplified().constData());
            }
        }
        QCoreApplication::quit();
    });
    return app.exec();
}
