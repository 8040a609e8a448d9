// ValidateCredentials, CheckUserAccount, LogoutInGuest, AcquireCredentials,
// ReleaseCredentials, CaptureScreen (services/plugins/vix/vixTools.c).
// For these rows the server's credential check is the operation: the
// handler runs only once the credentials were accepted.
#include "VixContext.h"
#include "VixOperationTable.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcVix)

namespace gk::vix::server {

void addCredentialOperations(VixOperationTable &table, VixContext &ctx)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    auto accepted = [](VixCall &, VixDone done) {
        done(OpReply::ok());
    };

    table.add({VixOp::ValidateCredentials, QStringLiteral("ValidateCredentials"),
               QStringLiteral("ValidateCredentialsInGuest"), C::Required, true, T::EventLoop,
               accepted});
    table.add({VixOp::CheckUserAccount, QStringLiteral("CheckUserAccount"), QString(), C::Required,
               true, T::EventLoop, accepted});
    // The VMX sends it only to check the credentials before it captures the
    // screen itself (vmtoolsd's comment in VixTools_ProcessVixCommand).
    table.add({VixOp::CaptureScreen, QStringLiteral("CaptureScreen"), QString(), C::Required, true,
               T::EventLoop, accepted});

    table.add({VixOp::LogoutInGuest, QStringLiteral("LogoutInGuest"), QString(), C::Required, true,
               T::EventLoop, [&ctx](VixCall &call, VixDone done) {
                   // Whatever this user's password was, the next request checks
                   // it with the OS again.
                   ctx.cache->forgetUser(call.login.account.name);
                   if (!call.ticket.isEmpty())
                       ctx.tickets->release(call.ticket);
                   done(OpReply::ok());
               }});

    table.add({VixOp::AcquireCredentials, QStringLiteral("AcquireCredentials"),
               QStringLiteral("AcquireCredentialsInGuest"), C::Required, true, T::EventLoop,
               [&ctx](VixCall &call, VixDone done) {
                   GuestLogin login = call.login;
                   login.viaTicket = false;
                   const std::optional<QByteArray> ticket = ctx.tickets->issue(login);
                   if (!ticket) {
                       qCWarning(lcVix) << "AcquireCredentials: too many live tickets";
                       done(OpReply::failure(VixErr::TooManyLogons));
                       return;
                   }
                   done(OpReply::ok(*ticket));
               }});
    table.add({VixOp::ReleaseCredentials, QStringLiteral("ReleaseCredentials"),
               QStringLiteral("ReleaseCredentialsInGuest"), C::Required, true, T::EventLoop,
               [&ctx](VixCall &call, VixDone done) {
                   // The ticket to release is the one the request is made with.
                   if (call.ticket.isEmpty() || !ctx.tickets->release(call.ticket)) {
                       done(OpReply::failure(VixErr::InvalidArg));
                       return;
                   }
                   done(OpReply::ok());
               }});
}

void addUnavailableOperations(VixOperationTable &table)
{
    // Without VGAuth vmtoolsd counts the alias operations as disabled
    // whatever the config says (VixToolsGetAPIDisabledFromConf).
    table.addUnavailable(VixOp::AddAuthAlias, QStringLiteral("AddGuestAlias"));
    table.addUnavailable(VixOp::RemoveAuthAlias, QStringLiteral("RemoveGuestAlias"));
    table.addUnavailable(VixOp::RemoveAuthAliasByCert, QStringLiteral("RemoveGuestAliasByCert"));
    table.addUnavailable(VixOp::ListAuthProviderAliases, QStringLiteral("ListGuestAliases"));
    table.addUnavailable(VixOp::ListAuthMappedAliases, QStringLiteral("ListGuestMappedAliases"));
}

} // namespace gk::vix::server
