#include "VixTestRig.h"

#include "BuildPaths.h"

#include <QFile>

#include <csignal>

namespace gk::test {

static QByteArray daemonConfig(const QByteArray &config)
{
    return "[logging]\nsyslog = false\n" + config;
}

bool VixTestRig::reload(const QByteArray &config)
{
    QFile file(m_daemon.configPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(daemonConfig(config)) < 0)
        return false;
    file.close();
    return ::kill(pid_t(m_daemon.process().processId()), SIGHUP) == 0;
}

bool VixTestRig::start(const QByteArray &config, QString *why)
{
    m_sim = std::make_unique<vmx::VmxSimulator>();
    const auto endpoint = channel::ChannelEndpoint::parse(
        QStringLiteral("sim:unix:%1").arg(m_dir.filePath(QStringLiteral("vmx.sock"))), why);
    if (!endpoint || !m_sim->listen(*endpoint, why))
        return false;
    const QByteArray text = daemonConfig(config);
    if (!m_daemon.start(gk::test::guestkitdPath(), m_sim->endpoint(), text,
                        QStringLiteral("warning"), why))
        return false;
    if (!m_sim->waitForGuest(15000)) {
        *why = QStringLiteral("the daemon did not connect");
        return false;
    }
    return true;
}

} // namespace gk::test
