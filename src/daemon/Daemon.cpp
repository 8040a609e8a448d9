#include "Daemon.h"

#include "channel/RpciChannel.h"
#include "channel/TcloChannel.h"
#include "guestinfo/GuestInfoModule.h"
#include "platform/MemoryTrim.h"
#include "platform/SystemInfoProvider.h"
#include "power/PowerModule.h"
#include "rpc/ToolsCore.h"
#include "vix/server/VixModule.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDaemon, "guestkit.daemon")

namespace gk::daemon {

Daemon::Daemon(const DaemonConfig &config, channel::TransportFactory transports, QObject *parent)
    : QObject(parent)
{
    m_rpci = std::make_unique<channel::RpciChannel>(transports);
    rpc::ToolsIdentity identity;
    identity.confDirectory = config.confDirectory.toUtf8();
    m_core = std::make_unique<rpc::ToolsCore>(*m_rpci, identity);

    // Every feature the build has, in the order their capabilities go out.
    auto guestInfo = std::make_unique<guestinfo::GuestInfoModule>(
        config.guestInfo, [] { return platform::createSystemInfoProvider(); });
    if (config.trimMemory)
        trimWhenSettled(guestInfo.get());
    m_modules.push_back(std::move(guestInfo));
    m_modules.push_back(std::make_unique<power::PowerModule>(
        config.power, platform::createPowerBackend(config.power.backend)));
    auto vix = std::make_unique<vix::server::VixModule>(config.vix);
    m_vix = vix.get();
    m_modules.push_back(std::move(vix));
    for (auto &module : m_modules)
        module->attach(*m_core);

    rpc::ToolsCore *core = m_core.get();
    m_tclo = std::make_unique<channel::TcloChannel>(
        transports, [core](const QByteArray &command, channel::TcloChannel::Reply reply) {
            core->handleCommand(command, std::move(reply));
        });
    connect(m_core.get(), &rpc::ToolsCore::resetDone, this, [this] {
        if (!m_resetSeen) {
            m_resetSeen = true;
            emit firstResetAnswered();
        }
    });
    connect(m_tclo.get(), &channel::TcloChannel::disconnected, this, [this](const QString &why) {
        if (!m_resetSeen)
            emit waitingForVmx(why);
    });
}

// Most of an idle daemon's resident memory is library code and read-only
// data that loading and start-up touched once (docs/performance.md). Start-up
// is over when the VMX has been answered and the first guest info report has
// gone out; then those pages are given back, once. An event that comes
// anyway, no timer: an idle daemon never wakes up.
void Daemon::trimWhenSettled(guestinfo::GuestInfoModule *guestInfo)
{
    m_trimWhenSettled = connect(guestInfo, &guestinfo::GuestInfoModule::gathered, this, [this] {
        if (!m_resetSeen)
            return;
        disconnect(m_trimWhenSettled);
        const platform::MemoryTrimResult trim = platform::trimStartupMemory();
        if (!trim.error.isEmpty()) {
            qCWarning(lcDaemon).noquote() << "start-up memory not given back:" << trim.error;
            return;
        }
        qCInfo(lcDaemon).noquote()
            << QStringLiteral("start-up over: %1 KiB of pages given back (%2 objects)")
                   .arg(trim.releasedBytes / 1024)
                   .arg(trim.objects);
    });
}

Daemon::~Daemon()
{
    stop();
}

void Daemon::start()
{
    qCInfo(lcDaemon).noquote() << "guestkitd" << GUESTKIT_VERSION << "starting;"
                               << m_core->dispatcher().names().size() << "TCLO commands";
    m_tclo->start();
}

void Daemon::reload(const DaemonConfig &config)
{
    m_vix->reload(config.vix);
    qCInfo(lcDaemon) << "configuration reloaded";
}

void Daemon::stop()
{
    if (m_tclo)
        m_tclo->stop();
    if (m_rpci)
        m_rpci->close();
}

} // namespace gk::daemon
