#pragma once

#include "channel/ChannelEndpoint.h"

#include <QProcess>
#include <QTemporaryDir>

namespace gk::vmx {

// Starts a guestkitd of its own for the simulator to talk to, with a private
// config, and stops it again (SIGTERM, then kill) when destroyed.
class DaemonLauncher
{
public:
    ~DaemonLauncher();

    // program: the guestkitd binary (default: the one beside this program).
    // configText: INI text written to a private config file.
    bool start(const QString &program, const channel::ChannelEndpoint &endpoint,
               const QByteArray &configText, const QString &logLevel, QString *error);
    void stop();
    QProcess &process() { return m_process; }
    // The private config file the daemon was started with.
    QString configPath() const { return m_dir.filePath(QStringLiteral("guestkit.conf")); }
    static QString defaultProgram();

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};

} // namespace gk::vmx
