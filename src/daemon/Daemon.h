#pragma once

#include "DaemonConfig.h"
#include "channel/MessageTransport.h"

#include <QObject>

#include <memory>
#include <vector>

namespace gk::channel {
class RpciChannel;
class TcloChannel;
} // namespace gk::channel
namespace gk::rpc {
class FeatureModule;
class ToolsCore;
} // namespace gk::rpc
namespace gk::guestinfo {
class GuestInfoModule;
}
namespace gk::vix::server {
class VixModule;
}

namespace gk::daemon {

// Wires the channels, the core and every feature module together. The only
// place that knows which modules exist.
class Daemon : public QObject
{
    Q_OBJECT
public:
    Daemon(const DaemonConfig &config, channel::TransportFactory transports,
           QObject *parent = nullptr);
    ~Daemon() override;

    void start();
    void stop();
    // Applies what can change without a restart: the guest operations'
    // credentials, lifetimes and policy ([auth], [vix], [guestoperations]).
    void reload(const DaemonConfig &config);
    rpc::ToolsCore &core() { return *m_core; }

signals:
    // The first reset was answered: the VMX and the guest are talking.
    void firstResetAnswered();
    // The channel could not be opened, or closed, before any reset: no VMX is
    // answering yet (the channel keeps retrying).
    void waitingForVmx(const QString &reason);

private:
    void trimWhenSettled(guestinfo::GuestInfoModule *guestInfo);

    std::unique_ptr<channel::RpciChannel> m_rpci;
    std::unique_ptr<rpc::ToolsCore> m_core;
    std::unique_ptr<channel::TcloChannel> m_tclo;
    std::vector<std::unique_ptr<rpc::FeatureModule>> m_modules;
    vix::server::VixModule *m_vix = nullptr; // owned by m_modules
    bool m_resetSeen = false;
    QMetaObject::Connection m_trimWhenSettled;
};

} // namespace gk::daemon
