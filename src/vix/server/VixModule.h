#pragma once

#include "VixSettings.h"
#include "rpc/FeatureModule.h"

#include <QStringList>

#include <functional>
#include <memory>

namespace gk::platform {
class Authenticator;
struct AuthenticatorOptions;
class ProcessManager;
class Registry;
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
    // Makes the OS credential check for [auth]'s options; called again by a
    // reload that changes them.
    using AuthenticatorFactory = std::function<std::unique_ptr<platform::Authenticator>(
        const platform::AuthenticatorOptions &)>;

    // With the build's platform backend.
    explicit VixModule(const VixSettings &settings);
    // With these platform objects; a null one is created from the backend.
    VixModule(const VixSettings &settings, std::unique_ptr<platform::Authenticator> authenticator,
              std::unique_ptr<platform::ProcessManager> processes,
              std::unique_ptr<platform::SystemInfoProvider> systemInfo);
    // With this factory for the credential check (null: the backend's).
    VixModule(const VixSettings &settings, AuthenticatorFactory authenticators,
              std::unique_ptr<platform::ProcessManager> processes,
              std::unique_ptr<platform::SystemInfoProvider> systemInfo);
    ~VixModule() override;

    QString name() const override { return QStringLiteral("vix"); }
    void attach(rpc::ToolsCore &core) override;

    // Config reload: the new policy, lifetimes and [auth] (a new PAM service
    // or failure delay, and `mode = pam` after `none`, hold for the next
    // request); every remembered credential is forgotten, and every ticket
    // too when [auth] changed. `mode = none` after `pam` is refused with an
    // error in configErrors() and the log: dropping the password check needs
    // a restart (docs/configuration.md).
    void reload(const VixSettings &settings);
    // Problems found in [guestoperations] ("key: reason") and a refused
    // [auth] change.
    QStringList configErrors() const { return m_configErrors; }
    VixServer &server() { return *m_server; }

private:
    void applyPolicy(const VixSettings &settings);
    // The OS check for these settings, handed to the verifier.
    void installAuthenticator(const VixSettings &settings);

    VixSettings m_settings;
    AuthenticatorFactory m_authenticators;
    std::shared_ptr<platform::Authenticator> m_authenticator;
    std::unique_ptr<platform::ProcessManager> m_processes;
    std::unique_ptr<platform::SystemInfoProvider> m_systemInfo;
    std::unique_ptr<platform::Registry> m_registry;
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
