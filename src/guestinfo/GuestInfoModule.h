#pragma once

#include "GuestInfoMessages.h"
#include "GuestInfoSettings.h"
#include "rpc/FeatureModule.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>

namespace gk::channel {
class RpciSender;
}
namespace gk::platform {
class SystemInfoProvider;
}

namespace gk::guestinfo {

// What the guest tells the VMX about itself (services/plugins/guestInfo/
// guestInfoServer.c): the full report after `reset` and after
// Capabilities_Register, then a gather every pollInterval that sends only
// the records whose bytes changed; and the primary IP on Set_Option
// broadcastIP. Gathering blocks (DNS, statvfs), so it runs on a worker
// thread of the module's own; the results come back to the event loop.
class GuestInfoModule : public QObject, public rpc::FeatureModule
{
    Q_OBJECT
public:
    using ProviderFactory = std::function<std::unique_ptr<platform::SystemInfoProvider>()>;

    // factory: platform::createSystemInfoProvider in the daemon (the build
    // picks the backend), a fake one in tests.
    GuestInfoModule(GuestInfoSettings settings, ProviderFactory factory, QObject *parent = nullptr);
    ~GuestInfoModule() override;

    QString name() const override { return QStringLiteral("guestinfo"); }
    void attach(rpc::ToolsCore &core) override;

    // Forgets what was sent and gathers: everything goes out again.
    void sendFullReport();
    // Gathers now; only changed records go out.
    void gatherNow();
    const GuestInfoFallbacks &fallbacks() const { return m_fallbacks; }

signals:
    // A gather's messages were handed to the RPCI channel (sent = how many).
    void gathered(int sent);

private:
    void startGather();
    void onGathered(const GuestInfoSnapshot &snapshot);
    void sendOne(const GuestInfoOutgoing &out);
    void onRefused(GuestInfoSlot slot, const QByteArray &why);
    void resend(const QList<GuestInfoSlot> &which);

    GuestInfoSettings m_settings;
    std::shared_ptr<platform::SystemInfoProvider> m_provider;
    channel::RpciSender *m_rpci = nullptr;
    QThreadPool m_pool;
    QTimer m_timer;
    bool m_gathering = false;
    bool m_gatherAgain = false;
    GuestInfoSnapshot m_last;
    GuestInfoFallbacks m_fallbacks;
    QHash<int, QByteArray> m_sent; // GuestInfoSlot -> the bytes last sent
};

} // namespace gk::guestinfo
