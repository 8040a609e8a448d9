#include "VixTestRig.h"

namespace gk::test {

bool VixTestRig::start(const QByteArray &config, QString *why)
{
    m_sim = std::make_unique<vmx::VmxSimulator>();
    const auto endpoint = channel::ChannelEndpoint::parse(
        QStringLiteral("sim:unix:%1").arg(m_dir.filePath(QStringLiteral("vmx.sock"))), why);
    if (!endpoint || !m_sim->listen(*endpoint, why))
        return false;
    const QByteArray text = "[logging]\nsyslog = false\n" + config;
    if (!m_daemon.start(QStringLiteral(GUESTKITD_PATH), m_sim->endpoint(), text,
                        QStringLiteral("warning"), why))
        return false;
    if (!m_sim->waitForGuest(15000)) {
        *why = QStringLiteral("the daemon did not connect");
        return false;
    }
    return true;
}

} // namespace gk::test
