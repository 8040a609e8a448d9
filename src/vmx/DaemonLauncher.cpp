#include "DaemonLauncher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace gk::vmx {

DaemonLauncher::~DaemonLauncher()
{
    stop();
}

QString DaemonLauncher::defaultProgram()
{
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString &candidate : {here.filePath(QStringLiteral("guestkitd")),
                                     here.filePath(QStringLiteral("../daemon/guestkitd")),
                                     here.filePath(QStringLiteral("../sbin/guestkitd")),
                                     QStringLiteral("/usr/sbin/guestkitd")}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStringLiteral("guestkitd");
}

bool DaemonLauncher::start(const QString &program, const channel::ChannelEndpoint &endpoint,
                           const QByteArray &configText, const QString &logLevel, QString *error)
{
    const QString configPath = m_dir.filePath(QStringLiteral("guestkit.conf"));
    QFile config(configPath);
    if (!m_dir.isValid() || !config.open(QIODevice::WriteOnly) ||
        config.write(configText) != configText.size()) {
        *error = QStringLiteral("cannot write a config for the daemon in %1").arg(m_dir.path());
        return false;
    }
    config.close();
    m_process.setProgram(program.isEmpty() ? defaultProgram() : program);
    m_process.setArguments({QStringLiteral("--channel"), endpoint.toString(),
                            QStringLiteral("--config"), configPath, QStringLiteral("--foreground"),
                            QStringLiteral("--log-level"), logLevel});
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start();
    if (!m_process.waitForStarted(5000)) {
        *error =
            QStringLiteral("cannot start %1: %2").arg(m_process.program(), m_process.errorString());
        return false;
    }
    return true;
}

void DaemonLauncher::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
}

} // namespace gk::vmx
