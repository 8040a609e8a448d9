#include "ScriptRunner.h"

#include <QFileInfo>

namespace gk::power {

ScriptRunner::ScriptRunner(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.setStandardErrorFile(QProcess::nullDevice());
    m_process.setStandardInputFile(QProcess::nullDevice());
    connect(&m_process, &QProcess::started, this, &ScriptRunner::started);
    connect(&m_process, qOverload<int, QProcess::ExitStatus>(&QProcess::finished), this,
            &ScriptRunner::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || m_done)
            return;
        m_done = true;
        m_timeout.stop();
        emit finished(ScriptOutcome{
            ScriptOutcome::Kind::FailedToStart, -1,
            QStringLiteral("cannot start %1: %2").arg(m_path, m_process.errorString())});
    });
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_timedOut = true;
        m_process.kill();
    });
}

ScriptRunner::~ScriptRunner()
{
    m_done = true;
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

void ScriptRunner::start(const QString &path, std::chrono::milliseconds timeout)
{
    m_path = path;
    m_timedOut = false;
    m_done = false;
    // A missing or non-executable script is known now; QProcess would only
    // say so after the fork.
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile() || !info.isExecutable()) {
        m_done = true;
        const QString why = !info.exists()   ? QStringLiteral("no such file")
                            : !info.isFile() ? QStringLiteral("not a file")
                                             : QStringLiteral("not executable");
        // Queued, so that callers see the same order as for a late failure.
        QMetaObject::invokeMethod(
            this,
            [this, why] {
                emit finished(
                    ScriptOutcome{ScriptOutcome::Kind::FailedToStart, -1,
                                  QStringLiteral("cannot start %1: %2").arg(m_path, why)});
            },
            Qt::QueuedConnection);
        return;
    }
    m_process.setProgram(path);
    m_process.setArguments({});
    m_process.start();
    m_timeout.start(int(timeout.count()));
}

void ScriptRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    ScriptOutcome outcome;
    if (m_timedOut) {
        outcome = {
            ScriptOutcome::Kind::TimedOut, -1,
            QStringLiteral("%1 did not finish within the timeout and was killed").arg(m_path)};
    } else if (status == QProcess::CrashExit) {
        outcome = {ScriptOutcome::Kind::Signaled, -1,
                   QStringLiteral("%1 was ended by a signal").arg(m_path)};
    } else {
        outcome = {ScriptOutcome::Kind::Exited, exitCode,
                   QStringLiteral("Script exit code: %1, success = %2")
                       .arg(exitCode)
                       .arg(exitCode == 0 ? 1 : 0)};
    }
    emit finished(outcome);
}

} // namespace gk::power
