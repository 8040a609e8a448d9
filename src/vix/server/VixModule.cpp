#include "VixModule.h"

#include "BuiltinPrograms.h"
#include "TransferHandlers.h"

#include "CredentialVerifier.h"
#include "ProgramMonitor.h"
#include "VixOperationTable.h"
#include "VixServer.h"
#include "channel/RpciChannel.h"
#include "platform/Authenticator.h"
#include "platform/GuestSession.h"
#include "platform/ProcessManager.h"
#include "platform/Registry.h"
#include "platform/SystemInfoProvider.h"
#include "rpc/ToolsCore.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcVix)

namespace gk::vix::server {

namespace {
// CAP_HOST_VERIFIED_SAML_TOKEN (lib/include/vmware/guestrpc/capabilities.h),
// the one capability vmtoolsd's vix plugin announces (vixPlugin.c
// VixCapabilitiesCb). guestkit has no SAML (VGAuth) support, so it says so
// with the value 0 instead of leaving the VMX to guess.
constexpr int kCapHostVerifiedSamlToken = 37;
} // namespace

VixModule::VixModule(const VixSettings &settings)
    : VixModule(settings, AuthenticatorFactory(), nullptr, nullptr)
{}

namespace {

// A given authenticator first, the backend's for the settings of a later
// reload.
VixModule::AuthenticatorFactory firstThenBackend(std::unique_ptr<platform::Authenticator> given)
{
    if (!given)
        return nullptr;
    auto first = std::make_shared<std::unique_ptr<platform::Authenticator>>(std::move(given));
    return [first](const platform::AuthenticatorOptions &options) {
        if (*first)
            return std::move(*first);
        return platform::createAuthenticator(options);
    };
}

bool sameAuth(const VixSettings &a, const VixSettings &b)
{
    return a.authNone == b.authNone && a.pamService == b.pamService &&
           a.failureDelay == b.failureDelay;
}

} // namespace

VixModule::VixModule(const VixSettings &settings,
                     std::unique_ptr<platform::Authenticator> authenticator,
                     std::unique_ptr<platform::ProcessManager> processes,
                     std::unique_ptr<platform::SystemInfoProvider> systemInfo)
    : VixModule(settings, firstThenBackend(std::move(authenticator)), std::move(processes),
                std::move(systemInfo))
{}

VixModule::VixModule(const VixSettings &settings, AuthenticatorFactory authenticators,
                     std::unique_ptr<platform::ProcessManager> processes,
                     std::unique_ptr<platform::SystemInfoProvider> systemInfo)
    : m_settings(settings), m_authenticators(std::move(authenticators)),
      m_processes(std::move(processes)), m_systemInfo(std::move(systemInfo))
{
    if (!m_authenticators) {
        m_authenticators = [](const platform::AuthenticatorOptions &options) {
            return platform::createAuthenticator(options);
        };
    }
    if (!m_processes) {
        platform::ProcessManager::Options options;
        options.retention = settings.processRetention;
        options.maxRunning = settings.maxRunningProcesses;
        m_processes = platform::createProcessManager(options);
    }
    if (!m_systemInfo)
        m_systemInfo = platform::createSystemInfoProvider();
    m_registry = platform::createRegistry();

    m_cache = std::make_unique<CredentialCache>(settings.credentialCacheTtl);
    m_tickets = std::make_unique<TicketStore>(settings.ticketTtl);
    m_started = std::make_unique<StartedPrograms>(settings.processRetention);
    m_listings = std::make_unique<ListingCache>();
    m_fileListings = std::make_unique<FileListingCache>();
    m_environment = std::make_unique<EnvironmentOverrides>();
    m_monitor = std::make_unique<ProgramMonitor>(*m_processes, *m_started);
    m_context.processRetention = settings.processRetention;
    processIoTable(m_context);
    m_builtins =
        std::make_unique<BuiltinRunner>(defaultBuiltinPrograms(), *m_started, m_context.processIo);

    m_verifier = std::make_unique<CredentialVerifier>(
        *m_cache, *m_tickets, CredentialVerifier::PasswordCheck(), settings.failureDelay);
    installAuthenticator(settings);

    m_context.processes = m_processes.get();
    m_context.systemInfo = m_systemInfo.get();
    m_context.registry = m_registry.get();
    m_context.cache = m_cache.get();
    m_context.tickets = m_tickets.get();
    m_context.started = m_started.get();
    m_context.listings = m_listings.get();
    m_context.fileListings = m_fileListings.get();
    m_context.monitor = m_monitor.get();
    m_context.environment = m_environment.get();
    m_context.builtins = m_builtins.get();
    m_builtins->setEnabled(settings.builtinPrograms);
    m_builtins->setRetention(settings.processRetention);
    m_context.durableUploads->store(settings.durableUploads);
    m_context.identity = settings.identity;
    m_context.daemonPid = QCoreApplication::applicationPid();

    m_table = std::make_unique<VixOperationTable>();
    addStateOperations(*m_table, m_context);
    addCredentialOperations(*m_table, m_context);
    addProcessOperations(*m_table, m_context);
    addProcessListOperations(*m_table, m_context);
    addFileQueryOperations(*m_table, m_context);
    addFileChangeOperations(*m_table, m_context);
    addTempFileOperations(*m_table, m_context);
    addFileTransferOperations(*m_table, m_context);
    addRegistryOperations(*m_table, m_context);
    addHgfsOperations(*m_table, m_context);
    addUnavailableOperations(*m_table);

    m_server = std::make_unique<VixServer>(*m_table, *m_verifier, settings.maxWorkers,
                                           settings.handoffWait);
    VixServer *server = m_server.get();
    m_context.policy = [server] {
        return server->policy();
    };
    applyPolicy(settings);
}

VixModule::~VixModule()
{
    // Workers use everything below; they finish first.
    if (m_server)
        m_server->waitForWorkers();
}

void VixModule::applyPolicy(const VixSettings &settings)
{
    m_configErrors.clear();
    const GuestOpsPolicy policy = GuestOpsPolicy::fromConfig(
        settings.guestOperations, GuestOpsPolicy::knownNames() + m_table->wsdlNames(),
        &m_configErrors);
    m_server->setPolicy(policy);
    for (const QString &e : std::as_const(m_configErrors))
        qCWarning(lcVix).noquote() << e;
    if (settings.authNone)
        qCWarning(lcVix) << "[auth] mode = none: guest operations run as the daemon's own user "
                            "without any password check";
}

void VixModule::installAuthenticator(const VixSettings &settings)
{
    platform::AuthenticatorOptions options;
    options.pamService = settings.pamService;
    options.failureDelayMs = int(settings.failureDelay.count());
    // The server's CredentialCache is the one cache: it is what
    // LogoutInGuest and a reload clear, so the backend must not keep a
    // second one that would still accept a forgotten password.
    options.credentialCacheMs = 0;
    // Shared with the check: a check under way when a reload replaces it
    // keeps the old one alive until it returns.
    m_authenticator = std::shared_ptr<platform::Authenticator>(m_authenticators(options));
    std::shared_ptr<platform::Authenticator> auth = m_authenticator;
    m_verifier->setPasswordCheck(
        [auth](const QString &name, const SecretBytes &password) -> platform::Result<GuestLogin> {
            auto r =
                auth->authenticate(name, QString::fromUtf8(password.constData(), password.size()));
            if (!r.ok())
                return platform::Result<GuestLogin>::failure(r.error);
            return platform::Result<GuestLogin>::success(GuestLogin{r.value->user(), r.value});
        });
    m_verifier->setFailureDelay(settings.failureDelay);
    if (settings.authNone) {
        std::shared_ptr<platform::GuestSession> session = m_authenticator->daemonSession();
        m_verifier->setNoAuth(GuestLogin{session->user(), session, false, true});
    } else {
        m_verifier->setNoAuth(std::nullopt);
    }
}

void VixModule::reload(const VixSettings &settings)
{
    VixSettings next = settings;
    QString authRefused;
    if (next.authNone && !m_settings.authNone) {
        // Turning the password check off while running is refused: a config
        // edit alone must not open every guest operation to anyone without a
        // password; it takes a restart, which warns about it again.
        authRefused = QStringLiteral(
            "[auth] mode: 'none' after 'pam' is refused on reload (restart the daemon to "
            "drop the password check); the password check stays");
        next.authNone = false;
    }
    const bool authChanged = !sameAuth(next, m_settings);
    m_settings = next;
    m_cache->setTtl(next.credentialCacheTtl);
    m_tickets->setTtl(next.ticketTtl);
    if (authChanged) {
        installAuthenticator(next);
        // A ticket acquired under `mode = none` names the daemon's own user;
        // one acquired through another PAM service was checked by rules that
        // no longer hold. None survives an [auth] change.
        m_tickets->clear();
    }
    // After the new check is in place: nothing the old one accepted stays.
    m_cache->clear();
    m_started->setRetention(next.processRetention);
    m_processes->setRetention(next.processRetention);
    m_builtins->setEnabled(next.builtinPrograms);
    m_builtins->setRetention(next.processRetention);
    m_context.durableUploads->store(next.durableUploads);
    m_context.processRetention = next.processRetention;
    applyPolicy(next);
    if (!authRefused.isEmpty()) {
        qCCritical(lcVix).noquote() << authRefused;
        m_configErrors.append(authRefused);
    }
    if (authChanged)
        qCInfo(lcVix).noquote() << "[auth] applied: mode" << (next.authNone ? "none" : "pam")
                                << "pam_service" << next.pamService << "failure_delay_ms"
                                << next.failureDelay.count();
}

void VixModule::attach(rpc::ToolsCore &core)
{
    channel::RpciSender *rpci = &core.rpci();
    m_context.sendRpci = [rpci](const QByteArray &message) {
        rpci->send(message, [message](const channel::RpciResult &r) {
            if (!r.ok())
                qCWarning(lcVix) << "RPCI not accepted:" << message.left(64) << r.text;
        });
    };
    VixServer *server = m_server.get();
    core.dispatcher().add(kVixRelayedCommand,
                          [server](const QByteArray &args, rpc::TcloDispatcher::Respond respond) {
                              // vmtoolsd answers every relayed command with OK; the VIX error is
                              // inside the body (foundryToolsDaemon.c returns TRUE).
                              server->handle(args, [respond](const QByteArray &body) {
                                  respond(rpc::TcloReply::success(body));
                              });
                          });
    core.capabilities().add({rpc::ToolsCapability::Kind::Feature, "host_verified_saml_token",
                             kCapHostVerifiedSamlToken, 0});
}

} // namespace gk::vix::server
