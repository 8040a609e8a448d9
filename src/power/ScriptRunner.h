#pragma once

#include <QObject>
#include <QProcess>
#include <QTimer>

#include <chrono>

namespace gk::power {

// How a state change script ended.
struct ScriptOutcome
{
    enum class Kind { Exited, Signaled, TimedOut, FailedToStart };
    Kind kind = Kind::FailedToStart;
    int exitCode = -1;
    QString message; // for the log and the VMX log line
    bool success() const { return kind == Kind::Exited && exitCode == 0; }
};

// Runs one script as powerOps.c PowerOpsRunScript does (the path as argv[0],
// no arguments, output to /dev/null) on the event loop through QProcess, and
// kills it when it outlives the timeout.
class ScriptRunner : public QObject
{
    Q_OBJECT
public:
    explicit ScriptRunner(QObject *parent = nullptr);
    ~ScriptRunner() override;

    // started() or finished(FailedToStart) follows; then finished() once.
    void start(const QString &path, std::chrono::milliseconds timeout);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

signals:
    void started();
    void finished(const gk::power::ScriptOutcome &outcome);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);

    QProcess m_process;
    QTimer m_timeout;
    QString m_path;
    bool m_timedOut = false;
    bool m_done = true;
};

} // namespace gk::power
