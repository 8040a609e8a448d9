#pragma once

#include "VixSettings.h"
#include "rpc/FeatureModule.h"

#include <QStringList>

#include <memory>

namespace gk::platform {
class Authenticator;
class ProcessManager;
class SystemInfoProvider;
} // namespace gk::platform

namespace gk::vix::server {

class BuiltinRunner;

class CredentialVerifier;
class ProgramMonitor;
class VixOperationTable;
class VixServer;

// The VIX feature: the Vix_1_Relayed_Command TCLO handler, its capability,
// and everything the operations share, as open-vm-tools' vix plugin
// (services/plugins/vix/vixPlugin.c) plugs into vmtoolsd.
class VixModule : public rpc::FeatureModule
{
public:
    // With the build's platform backend.
    explicit VixModule(const VixSettings &settings);
    // With these platform objects; a null one is created from the backend.
    VixModule(const VixSettings &settings, std::unique_ptr<platform::Authenticator> authenticator,
              std::unique_ptr<platform::ProcessManager> processes,
              std::unique_ptr<platform::SystemInfoProvider> systemInfo);
    ~VixModule() override;

    QString name() const override { return QStringLiteral("vix"); }
    void attach(rpc::ToolsCore &core) override;

    // Config reload: the new policy and lifetimes; every remembered
    // credential is forgotten.
    void reload(const VixSettings &settings);
    // Problems found in [guestoperations] ("key: reason").
    QStringList configErrors() const { return m_configErrors; }
    VixServer &server() { return *m_server; }

private:
    void applyPolicy(const VixSettings &settings);

    VixSettings m_settings;
    std::unique_ptr<platform::Authenticator> m_authenticator;
    std::unique_ptr<platform::ProcessManager> m_processes;
    std::unique_ptr<platform::SystemInfoProvider> m_systemInfo;
    std::unique_ptr<CredentialCache> m_cache;
    std::unique_ptr<TicketStore> m_tickets;
    std::unique_ptr<StartedPrograms> m_started;
    std::unique_ptr<ListingCache> m_listings;
    std::unique_ptr<FileListingCache> m_fileListings;
    std::unique_ptr<EnvironmentOverrides> m_environment;
    std::unique_ptr<ProgramMonitor> m_monitor;
    std::unique_ptr<BuiltinRunner> m_builtins;
    std::unique_ptr<VixOperationTable> m_table;
    std::unique_ptr<CredentialVerifier> m_verifier;
    std::unique_ptr<VixServer> m_server;
    VixContext m_context;
    QStringList m_configErrors;
};

} // namespace gk::vix::server
