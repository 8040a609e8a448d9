#pragma once

#include "CapabilityRegistry.h"
#include "TcloDispatcher.h"

#include <QObject>

#include <functional>

namespace gk::channel {
class RpciSender;
}

namespace gk::rpc {

// Identity the core reports to the VMX.
struct ToolsIdentity
{
    QByteArray appName = "toolbox";    // TCLO application name, as vmtoolsd's main service
    quint32 toolsVersion = 0x7fffffff; // TOOLS_VERSION_UNMANAGED (lib/include/vm_tools_version.h)
    quint32 toolsType = 4;             // TOOLS_TYPE_OVT: a third-party (non-VMware) build
    QByteArray confDirectory;          // announced as tools.capability.guest_conf_directory
    QByteArray productVersion = GUESTKIT_VERSION;
};

// The service core: owns the TCLO table and the capability list, answers the
// commands vmtoolsd's core answers itself (reset, ping, Capabilities_Register,
// Set_Option), and is what feature modules attach to.
class ToolsCore : public QObject
{
    Q_OBJECT
public:
    using OptionHandler = std::function<bool(const QByteArray &value)>;
    // For an option whose answer waits on something (an RPCI round trip):
    // call accepted exactly once, now or later.
    using AsyncOptionHandler =
        std::function<void(const QByteArray &value, std::function<void(bool)> accepted)>;

    ToolsCore(channel::RpciSender &rpci, ToolsIdentity identity, QObject *parent = nullptr);

    TcloDispatcher &dispatcher() { return m_dispatcher; }
    CapabilityRegistry &capabilities() { return m_capabilities; }
    channel::RpciSender &rpci() { return m_rpci; }
    const ToolsIdentity &identity() const { return m_identity; }

    // A Set_Option key a module acts on; the handler says whether the value was
    // accepted. Every option the VMX sets is kept, handled or not.
    void addOption(const QByteArray &key, OptionHandler handler);
    void addAsyncOption(const QByteArray &key, AsyncOptionHandler handler);
    QByteArray option(const QByteArray &key) const { return m_optionValues.value(key); }

    // Entry point for the TCLO channel: one command in, one reply frame out.
    void handleCommand(const QByteArray &command, std::function<void(const QByteArray &)> reply);

signals:
    // After the reply to `reset` (the VMX (re)started talking to us).
    void resetDone();
    // After the capabilities and version went out on Capabilities_Register.
    void capabilitiesRegistered();

private:
    TcloReply onReset();
    // The guestinfo.vmtools.* variables, once per process.
    void reportVersionData();
    void onCapabilitiesRegister(TcloDispatcher::Respond respond);
    void onSetOption(const QByteArray &args, TcloDispatcher::Respond respond);

    channel::RpciSender &m_rpci;
    ToolsIdentity m_identity;
    TcloDispatcher m_dispatcher;
    CapabilityRegistry m_capabilities;
    QHash<QByteArray, AsyncOptionHandler> m_options;
    QHash<QByteArray, QByteArray> m_optionValues;
    bool m_versionLogged = false;
};

} // namespace gk::rpc
