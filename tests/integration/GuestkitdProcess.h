#pragma once

#include <QProcess>
#include <QStringList>

// A real guestkitd started for one test, with a config file of the test's
// own, logging to stderr; killed at the end if the test left it running.
class GuestkitdProcess
{
public:
    GuestkitdProcess() = default;
    GuestkitdProcess(const GuestkitdProcess &) = delete;
    GuestkitdProcess &operator=(const GuestkitdProcess &) = delete;
    ~GuestkitdProcess();

    // configPath gets configText written to it (no file when configText is null).
    bool start(const QString &channel, const QString &configPath,
               const QByteArray &configText = "[logging]\nsyslog = false\n",
               const QStringList &extraArgs = {});
    // Sends a signal and waits for the exit; returns the milliseconds it took
    // (-1 when it did not exit within timeoutMs).
    qint64 signalAndWait(int signo, int timeoutMs = 3000);
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    QProcess &process() { return m_process; }
    QByteArray stderrText();

private:
    QProcess m_process;
    QByteArray m_err;
};
