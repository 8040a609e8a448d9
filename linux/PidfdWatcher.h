#pragma once

#include <QObject>

#include <functional>

class QSocketNotifier;

namespace gk::platform::linuxos {

// Watches any number of pidfds through one epoll descriptor, so the event
// loop polls a single descriptor however many children run: with one
// QSocketNotifier per child, every ppoll of the event loop (every TCLO
// message) scanned all of their pidfds, 500 of them in the process-listing
// benchmark. Level-triggered: a child's pidfd stays readable until removed.
class PidfdWatcher : public QObject
{
    Q_OBJECT
public:
    // exited(pid) runs on this object's thread for each readable pidfd.
    explicit PidfdWatcher(std::function<void(qint64 pid)> exited, QObject *parent = nullptr);
    ~PidfdWatcher() override;

    // False (errno set) when the pidfd cannot be watched.
    bool add(int pidfd, qint64 pid);
    // Stops watching; call before closing the pidfd.
    void remove(int pidfd);

private:
    void drain();

    std::function<void(qint64)> m_exited;
    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace gk::platform::linuxos
