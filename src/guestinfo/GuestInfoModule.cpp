#include "GuestInfoModule.h"

#include "GuestInfoCollector.h"
#include "PrimaryAddress.h"
#include "channel/RpciChannel.h"
#include "platform/SystemInfoProvider.h"
#include "rpc/ToolsCore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcGuestInfo, "guestkit.guestinfo")

namespace gk::guestinfo {
namespace {

// INFO_BUILD_NUMBER carries vmtoolsd's BUILD_NUMBER ("build-<n>",
// lib/include/buildNumber.h); guestkit sends its own version in that form.
QByteArray buildString()
{
    return QByteArrayLiteral("build-guestkit-") + GUESTKIT_VERSION;
}

} // namespace

GuestInfoModule::GuestInfoModule(GuestInfoSettings settings, ProviderFactory factory,
                                 QObject *parent)
    : QObject(parent), m_settings(std::move(settings))
{
    m_provider = factory();
    // One worker: gathers never overlap, and each sees the previous one done.
    m_pool.setMaxThreadCount(1);
    m_timer.setSingleShot(false);
    connect(&m_timer, &QTimer::timeout, this, &GuestInfoModule::gatherNow);
}

GuestInfoModule::~GuestInfoModule()
{
    m_timer.stop();
    m_pool.waitForDone();
}

void GuestInfoModule::attach(rpc::ToolsCore &core)
{
    m_rpci = &core.rpci();
    channel::RpciSender &rpci = core.rpci();
    // guestInfoServer.c (GuestInfoServerSetOption): the address goes out
    // before the answer, empty when the guest has none (so the VMX forgets a
    // stale one), and the option is refused when the VMX refuses the info-set.
    core.addAsyncOption(
        "broadcastIP", [this, &rpci](const QByteArray &value, std::function<void(bool)> accepted) {
            if (value != "1")
                return accepted(value == "0");
            const QString ip = primaryIPv4(m_settings);
            if (ip.isEmpty())
                qCWarning(lcGuestInfo) << "broadcastIP: the guest has no IPv4 address to report";
            rpci.send("info-set guestinfo.ip " + ip.toLatin1() + '\0',
                      [accepted = std::move(accepted)](const channel::RpciResult &r) {
                          if (!r.ok())
                              qCWarning(lcGuestInfo) << "guestinfo.ip not accepted:" << r.text;
                          accepted(r.ok());
                      });
        });
    // vmtoolsd clears its cache on reset and sends everything again in the
    // newest forms (guestInfoServer.c: GuestInfoClearCache puts the NIC method
    // back to NIC_INFO_V3_WITH_INFO_IPADDRESS_V3, gSendDetailedGosData is
    // "reset on channel reset"): after a vMotion the new host may accept them.
    connect(&core, &rpc::ToolsCore::resetDone, this, [this] {
        m_fallbacks = GuestInfoFallbacks();
        sendFullReport();
        if (m_settings.pollInterval.count() > 0 && !m_timer.isActive())
            m_timer.start(int(std::chrono::milliseconds(m_settings.pollInterval).count()));
    });
    connect(&core, &rpc::ToolsCore::capabilitiesRegistered, this, &GuestInfoModule::sendFullReport);
}

void GuestInfoModule::sendFullReport()
{
    m_sent.clear();
    gatherNow();
}

void GuestInfoModule::gatherNow()
{
    if (m_gathering) {
        m_gatherAgain = true;
        return;
    }
    startGather();
}

void GuestInfoModule::startGather()
{
    m_gathering = true;
    m_gatherAgain = false;
    auto provider = m_provider;
    const GuestInfoSettings settings = m_settings;
    m_pool.start([this, provider, settings] {
        const GuestInfoSnapshot snapshot = GuestInfoCollector::collect(*provider, settings);
        // Posted to this object: if it is destroyed first, the event goes with it.
        QMetaObject::invokeMethod(
            this, [this, snapshot] { onGathered(snapshot); }, Qt::QueuedConnection);
    });
}

void GuestInfoModule::onGathered(const GuestInfoSnapshot &snapshot)
{
    m_gathering = false;
    for (const QString &error : snapshot.errors)
        qCWarning(lcGuestInfo).noquote() << "cannot gather" << error;
    m_last = snapshot;
    QStringList warnings;
    const QList<GuestInfoOutgoing> messages =
        buildGuestInfoMessages(snapshot, m_fallbacks, buildString(), &warnings);
    for (const QString &w : std::as_const(warnings))
        qCWarning(lcGuestInfo).noquote() << w;
    int sent = 0;
    for (const GuestInfoOutgoing &out : messages) {
        if (m_sent.value(int(out.slot)) == out.message)
            continue;
        sendOne(out);
        ++sent;
    }
    qCDebug(lcGuestInfo) << "gathered;" << sent << "changed records sent";
    emit gathered(sent);
    if (m_gatherAgain)
        startGather();
}

void GuestInfoModule::sendOne(const GuestInfoOutgoing &out)
{
    if (!m_rpci)
        return;
    // Recorded before the answer so that a gather meanwhile does not send
    // the same bytes again; taken back if the VMX refuses them.
    m_sent.insert(int(out.slot), out.message);
    const GuestInfoSlot slot = out.slot;
    m_rpci->send(out.message, [this, slot](const channel::RpciResult &r) {
        if (r.status == channel::RpciResult::Status::TransportError) {
            // Not an answer from the VMX: no fallback, just send it next time.
            m_sent.remove(int(slot));
            qCDebug(lcGuestInfo).noquote()
                << slotName(slot) << "not delivered:" << QString::fromUtf8(r.text);
            return;
        }
        // GuestInfoSendDiskInfoV1 counts any reply text as a refusal.
        const bool refused = !r.ok() || (slot == GuestInfoSlot::Disks && !r.text.isEmpty() &&
                                         !m_fallbacks.diskBinary);
        if (refused)
            onRefused(slot, r.text);
    });
}

void GuestInfoModule::onRefused(GuestInfoSlot slot, const QByteArray &why)
{
    m_sent.remove(int(slot));
    qCWarning(lcGuestInfo).noquote()
        << "the VMX refused the" << slotName(slot) << "record:" << QString::fromUtf8(why);
    // vmtoolsd's fallbacks (guestInfoServer.c): NIC V3 -> V2, detailed OS
    // data -> the two name records, JSON disk info -> the binary form.
    if (slot == GuestInfoSlot::Nics && !m_fallbacks.nicV2) {
        m_fallbacks.nicV2 = true;
        resend({GuestInfoSlot::Nics});
    } else if (slot == GuestInfoSlot::OsDetailed && !m_fallbacks.osLegacy) {
        m_fallbacks.osLegacy = true;
        resend({GuestInfoSlot::OsNameFull, GuestInfoSlot::OsName});
    } else if (slot == GuestInfoSlot::Disks && !m_fallbacks.diskBinary) {
        m_fallbacks.diskBinary = true;
        resend({GuestInfoSlot::Disks});
    }
}

void GuestInfoModule::resend(const QList<GuestInfoSlot> &which)
{
    QStringList warnings;
    const QList<GuestInfoOutgoing> messages =
        buildGuestInfoMessages(m_last, m_fallbacks, buildString(), &warnings);
    for (const GuestInfoOutgoing &out : messages) {
        if (which.contains(out.slot))
            sendOne(out);
    }
}

} // namespace gk::guestinfo
