#pragma once

#include "channel/RpciChannel.h"

#include <QList>
#include <QMap>

// An RpciSender that records every request byte for byte, in order, and
// answers from a table of prefixes ("1 " by default), now or when told.
class FakeRpci : public gk::channel::RpciSender
{
public:
    QList<QByteArray> requests;
    QMap<QByteArray, QByteArray> replies; // request prefix -> reply frame
    bool deferred = false;                // answers wait for answerAll()

    void send(const QByteArray &request, Done done = {}) override
    {
        requests.append(request);
        QByteArray reply = "1 ";
        for (auto it = replies.cbegin(); it != replies.cend(); ++it) {
            if (request.startsWith(it.key()))
                reply = it.value();
        }
        if (deferred) {
            m_waiting.append({reply, std::move(done)});
            return;
        }
        if (done)
            done(gk::channel::RpciResult::fromReply(reply));
    }

    // Answers waiting requests, including any sent while answering.
    void answerAll()
    {
        while (!m_waiting.isEmpty()) {
            auto [reply, done] = m_waiting.takeFirst();
            if (done)
                done(gk::channel::RpciResult::fromReply(reply));
        }
    }

private:
    QList<std::pair<QByteArray, Done>> m_waiting;
};
