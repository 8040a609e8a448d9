#include "GuestkitdProcess.h"

#include "BuildPaths.h"

#include <QElapsedTimer>
#include <QFile>

#include <csignal>

GuestkitdProcess::~GuestkitdProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
}

bool GuestkitdProcess::start(const QString &channel, const QString &configPath,
                             const QByteArray &configText, const QStringList &extraArgs)
{
    if (!configText.isNull()) {
        QFile f(configPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(configText) != configText.size())
            return false;
    }
    m_process.setProgram(gk::test::guestkitdPath());
    m_process.setArguments(QStringList{QStringLiteral("--channel"), channel,
                                       QStringLiteral("--config"), configPath,
                                       QStringLiteral("--foreground"),
                                       QStringLiteral("--log-level"), QStringLiteral("debug")} +
                           extraArgs);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start();
    return m_process.waitForStarted(5000);
}

qint64 GuestkitdProcess::signalAndWait(int signo, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    ::kill(pid_t(m_process.processId()), signo);
    if (!m_process.waitForFinished(timeoutMs))
        return -1;
    return timer.elapsed();
}

QByteArray GuestkitdProcess::stderrText()
{
    m_err += m_process.readAllStandardError();
    return m_err;
}
