#include "SimRig.h"

#include <QDeadlineTimer>
#include <QTest>

bool SimRig::listen()
{
    QString error;
    const auto ep = gk::channel::ChannelEndpoint::parse(endpoint(), &error);
    return ep && sim->listen(*ep, &error);
}

bool SimRig::startDaemon(const QByteArray &extraConfig)
{
    daemon = std::make_unique<GuestkitdProcess>();
    if (!daemon->start(endpoint(), dir->filePath("guestkit.conf"),
                       "[logging]\nsyslog = false\n" + extraConfig))
        return false;
    return sim->waitForGuest(10000);
}

bool SimRig::waitForRequest(const QByteArray &prefix, qsizetype after, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        const QList<QByteArray> &requests = sim->guest().requests;
        for (qsizetype i = after; i < requests.size(); ++i) {
            if (requests[i].startsWith(prefix))
                return true;
        }
        if (deadline.hasExpired())
            return false;
        QTest::qWait(20);
    }
}
