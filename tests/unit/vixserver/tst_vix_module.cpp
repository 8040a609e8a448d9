// The module as the daemon creates it: its TCLO command and capability, and
// a config reload that takes the new policy and [auth].
#include "channel/RpciChannel.h"
#include "platform/Authenticator.h"
#include "platform/ProcessManager.h"
#include "platform/SystemInfoProvider.h"
#include "rpc/ToolsCore.h"
#include "vix/codec/VixCredential.h"
#include "vix/codec/VixReply.h"
#include "vix/codec/VixRequestBuilder.h"
#include "vix/server/VixModule.h"
#include "vix/server/VixServer.h"

#include <QElapsedTimer>
#include <QTest>

using namespace gk;
using namespace gk::vix;
using namespace gk::vix::server;
using namespace std::chrono_literals;

namespace {

// Accepts alice/right only; the daemon's session comes from the backend.
class FakeAuthenticator final : public platform::Authenticator
{
public:
    platform::Result<std::shared_ptr<platform::GuestSession>>
    authenticate(const QString &userName, const QString &password) override
    {
        using R = platform::Result<std::shared_ptr<platform::GuestSession>>;
        if (userName == QLatin1String("alice") && password == QLatin1String("right"))
            return R::success(m_backend->daemonSession());
        return R::failure(platform::PlatformError::make(
            platform::PlatformError::Kind::AuthenticationFailed, 0, QStringLiteral("no")));
    }
    std::shared_ptr<platform::GuestSession> daemonSession() override
    {
        return m_backend->daemonSession();
    }

protected:
    QThreadPool *threadPool() const override { return nullptr; }

private:
    std::unique_ptr<platform::Authenticator> m_backend = platform::createAuthenticator();
};

// The VixError of a ValidateCredentials with this credential.
VixError validate(VixModule &module, quint32 credType, const QByteArray &credential)
{
    VixRequestSpec spec;
    spec.opCode = VixOp::ValidateCredentials;
    spec.credentialType = credType;
    spec.credential = credential;
    const QByteArray command = encodeVixRelayedCommand("9", encodeVixRequestMessage(spec));
    QByteArray body;
    bool answered = false;
    module.server().handle(command.mid(command.indexOf(' ') + 1), [&](const QByteArray &b) {
        body = b;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, 10000))
        return VixErr::Fail;
    auto reply = VixReply::decode(body, false);
    return reply.ok() ? reply.value().error : VixErr::Fail;
}

VixError validatePassword(VixModule &module, const char *name, const char *password)
{
    return validate(module, VixCredentialType::NamePasswordObfuscated,
                    VixCredential::encodeNamePassword(QString::fromLatin1(name),
                                                      SecretBytes(std::string_view(password))));
}

} // namespace

class TestVixModule : public QObject
{
    Q_OBJECT
private slots:
    void attachRegistersTheRelayedCommandAndTheSamlCapability()
    {
        channel::RpciChannel rpci(
            [](channel::ChannelRole) { return std::unique_ptr<channel::MessageTransport>(); });
        rpc::ToolsCore core(rpci, {});
        VixSettings settings;
        settings.authNone = true;
        VixModule module(settings);
        module.attach(core);
        QVERIFY(core.dispatcher().contains("Vix_1_Relayed_Command"));
        const auto &caps = core.capabilities().all();
        QVERIFY(std::any_of(caps.cbegin(), caps.cend(), [](const rpc::ToolsCapability &c) {
            return c.kind == rpc::ToolsCapability::Kind::Feature && c.index == 37 && c.value == 0;
        }));
    }

    void reloadTakesTheNewPolicyAndReportsBadKeys()
    {
        VixSettings settings;
        settings.authNone = true;
        VixModule module(settings);
        QVERIFY(!module.server().policy().allDisabled());
        settings.guestOperations.insert(QStringLiteral("disabled"), QStringLiteral("true"));
        settings.guestOperations.insert(QStringLiteral("NoSuchOp.disabled"), QStringLiteral("1"));
        module.reload(settings);
        QVERIFY(module.server().policy().allDisabled());
        QCOMPARE(module.configErrors().size(), 1);
    }

    void reloadAppliesAuth()
    {
        QList<platform::AuthenticatorOptions> made;
        auto factory = [&made](const platform::AuthenticatorOptions &options) {
            made.append(options);
            return std::unique_ptr<platform::Authenticator>(new FakeAuthenticator);
        };
        VixSettings settings;
        settings.authNone = true;
        settings.failureDelay = 0ms;
        VixModule module(settings, factory, nullptr, nullptr);
        QCOMPARE(made.size(), 1);
        // mode = none: anything goes.
        QCOMPARE(validatePassword(module, "mallory", "guess"), VixErr::Ok);

        // none -> pam on reload: the password check holds at once.
        settings.authNone = false;
        module.reload(settings);
        QCOMPARE(validatePassword(module, "mallory", "guess"), VixErr::InvalidLoginCredentials);
        QCOMPARE(validatePassword(module, "alice", "right"), VixErr::Ok);
        QVERIFY(module.configErrors().isEmpty());

        // A new PAM service and failure delay make a new check with them.
        settings.pamService = QStringLiteral("guestkit-other");
        settings.failureDelay = 300ms;
        module.reload(settings);
        QCOMPARE(made.size(), 3);
        QCOMPARE(made.last().pamService, QStringLiteral("guestkit-other"));
        QCOMPARE(made.last().failureDelayMs, 300);
        QCOMPARE(made.last().credentialCacheMs, 0);
        // ... and a bad ticket now takes the new delay.
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(validate(module, VixCredentialType::TicketedSession,
                          VixCredential::encodeTicket(SecretBytes(std::string_view("nope")))),
                 VixErr::InvalidLoginCredentials);
        QVERIFY2(timer.elapsed() >= 290, qPrintable(QString::number(timer.elapsed())));

        // An unchanged [auth] keeps the check.
        module.reload(settings);
        QCOMPARE(made.size(), 3);

        // pam -> none on reload is refused and said so; the check stays.
        settings.authNone = true;
        module.reload(settings);
        QCOMPARE(validatePassword(module, "mallory", "guess"), VixErr::InvalidLoginCredentials);
        QCOMPARE(module.configErrors().size(), 1);
        QVERIFY(module.configErrors().first().contains(QLatin1String("[auth] mode")));
    }

    void authChangeDropsTicketsOfTheOldMode()
    {
        auto factory = [](const platform::AuthenticatorOptions &) {
            return std::unique_ptr<platform::Authenticator>(new FakeAuthenticator);
        };
        VixSettings settings;
        settings.authNone = true;
        settings.failureDelay = 0ms;
        VixModule module(settings, factory, nullptr, nullptr);
        VixRequestSpec spec;
        spec.opCode = VixOp::AcquireCredentials;
        spec.body = QByteArray(8, '\0'); // VixCommandAcquireCredentialsRequest
        spec.credentialType = VixCredentialType::NamePasswordObfuscated;
        spec.credential = VixCredential::encodeNamePassword(QStringLiteral("mallory"),
                                                            SecretBytes(std::string_view("guess")));
        const QByteArray command = encodeVixRelayedCommand("9", encodeVixRequestMessage(spec));
        QByteArray body;
        module.server().handle(command.mid(command.indexOf(' ') + 1),
                               [&](const QByteArray &b) { body = b; });
        QVERIFY(QTest::qWaitFor([&] { return !body.isEmpty(); }, 10000));
        auto reply = VixReply::decode(body, false);
        QVERIFY(reply.ok());
        QCOMPARE(reply.value().error, VixErr::Ok);
        const QByteArray ticket = reply.value().result;
        QVERIFY(!ticket.isEmpty());
        const QByteArray credential =
            VixCredential::encodeTicket(SecretBytes(ticket.constData(), ticket.size()));
        settings.authNone = false;
        module.reload(settings);
        // Under pam the none-mode ticket (the daemon's own user) is gone.
        QCOMPARE(validate(module, VixCredentialType::TicketedSession, credential),
                 VixErr::InvalidLoginCredentials);
    }
};

QTEST_GUILESS_MAIN(TestVixModule)
#include "tst_vix_module.moc"
