// GetToolsState, WaitForTools, ReadVariable, WriteVariable
// (services/plugins/vix/vixTools.c).
#include "VixContext.h"
#include "VixErrorMap.h"
#include "VixOperationTable.h"
#include "platform/ProcessManager.h"
#include "platform/SystemInfoProvider.h"
#include "platform/SystemPaths.h"
#include "vix/codec/VixPropertyList.h"

#include <QDir>

namespace gk::vix::server {

namespace {

// VixToolsSetAPIEnabledProperties: the property of each WSDL name, in the
// order vmtoolsd adds them.
struct ApiProperty
{
    qint32 id;
    const char *wsdlName;
};
const ApiProperty kApiProperties[] = {
    {VixProperty::GuestStartProgramEnabled, "StartProgramInGuest"},
    {VixProperty::GuestListProcessesEnabled, "ListProcessesInGuest"},
    {VixProperty::GuestTerminateProcessEnabled, "TerminateProcessInGuest"},
    {VixProperty::GuestReadEnvironmentVariableEnabled, "ReadEnvironmentVariableInGuest"},
    {VixProperty::GuestValidateCredentialsEnabled, "ValidateCredentialsInGuest"},
    {VixProperty::GuestAcquireCredentialsEnabled, "AcquireCredentialsInGuest"},
    {VixProperty::GuestReleaseCredentialsEnabled, "ReleaseCredentialsInGuest"},
    {VixProperty::GuestMakeDirectoryEnabled, "MakeDirectoryInGuest"},
    {VixProperty::GuestDeleteFileEnabled, "DeleteFileInGuest"},
    {VixProperty::GuestDeleteDirectoryEnabled, "DeleteDirectoryInGuest"},
    {VixProperty::GuestMoveDirectoryEnabled, "MoveDirectoryInGuest"},
    {VixProperty::GuestMoveFileEnabled, "MoveFileInGuest"},
    {VixProperty::GuestCreateTempFileEnabled, "CreateTemporaryFileInGuest"},
    {VixProperty::GuestCreateTempDirectoryEnabled, "CreateTemporaryDirectoryInGuest"},
    {VixProperty::GuestListFilesEnabled, "ListFilesInGuest"},
    {VixProperty::GuestChangeFileAttributesEnabled, "ChangeFileAttributesInGuest"},
    {VixProperty::GuestInitiateFileTransferFromGuestEnabled, "InitiateFileTransferFromGuest"},
    {VixProperty::GuestInitiateFileTransferToGuestEnabled, "InitiateFileTransferToGuest"},
    {VixProperty::GuestAddAuthAliasEnabled, "AddGuestAlias"},
    {VixProperty::GuestRemoveAuthAliasEnabled, "RemoveGuestAlias"},
    {VixProperty::GuestListAuthAliasesEnabled, "ListGuestAliases"},
    {VixProperty::GuestListMappedAliasesEnabled, "ListGuestMappedAliases"},
    {VixProperty::GuestCreateRegistryKeyEnabled, "CreateRegistryKeyInGuest"},
    {VixProperty::GuestListRegistryKeysEnabled, "ListRegistryKeysInGuest"},
    {VixProperty::GuestDeleteRegistryKeyEnabled, "DeleteRegistryKeyInGuest"},
    {VixProperty::GuestSetRegistryValueEnabled, "SetRegistryValueInGuest"},
    {VixProperty::GuestListRegistryValuesEnabled, "ListRegistryValuesInGuest"},
    {VixProperty::GuestDeleteRegistryValueEnabled, "DeleteRegistryValueInGuest"},
    {VixProperty::GuestRemoveAuthAliasByCertEnabled, "RemoveGuestAliasByCert"},
};

QByteArray toolsState(const VixContext &ctx, const VixOperationTable &table)
{
    platform::OsIdentity os;
    QString hostName;
    if (ctx.systemInfo) {
        if (auto r = ctx.systemInfo->osIdentity(); r.ok())
            os = r.value;
        if (auto r = ctx.systemInfo->hostName(); r.ok())
            hostName = r.value;
    }
    const bool windows = os.familyName.compare(QLatin1String("Windows"), Qt::CaseInsensitive) == 0;

    // VixTools_GetToolsPropertiesImpl, in its order.
    VixPropertyList list;
    list.addString(VixProperty::GuestOsVersion, os.fullName);
    list.addString(VixProperty::GuestOsVersionShort, os.shortName);
    list.addString(VixProperty::GuestToolsProductName, ctx.identity.productName);
    list.addString(VixProperty::GuestToolsVersion, ctx.identity.version);
    list.addString(VixProperty::GuestName, hostName);
    list.addInt(VixProperty::GuestToolsApiOptions, kVixToolsFeatureSupportGetHandleState);
    list.addInt(VixProperty::GuestOsFamily,
                windows ? VixGuestOsFamily::Windows : VixGuestOsFamily::Linux);
    list.addString(VixProperty::GuestOsPackageList, QString());
    const struct
    {
        qint32 id;
        const QString &script;
    } scripts[] = {{VixProperty::GuestPowerOffScript, ctx.identity.powerOffScript},
                   {VixProperty::GuestResumeScript, ctx.identity.resumeScript},
                   {VixProperty::GuestPowerOnScript, ctx.identity.powerOnScript},
                   {VixProperty::GuestSuspendScript, ctx.identity.suspendScript}};
    for (const auto &s : scripts) {
        if (!s.script.isEmpty())
            list.addString(s.id, s.script);
    }
    list.addString(VixProperty::GuestTempDir, QDir::toNativeSeparators(QDir::tempPath()));
    list.addInt(VixProperty::GuestToolsWordSize, os.bitness > 0 ? os.bitness : 64);
    // VixToolsSetSharedFoldersProperties: set only when the platform knows it.
    if (const QString shares = platform::sharedFoldersRoot(); !shares.isEmpty())
        list.addString(VixProperty::GuestSharedFoldersSharesPath, shares);

    // vmtoolsd sets each *_ENABLED property to "is disabled"
    // (VixToolsComputeEnabledProperty returns VixToolsGetAPIDisabledFromConf);
    // the same bytes go out here. An operation this build has no row for
    // counts as disabled: the answer follows the table and the policy.
    const GuestOpsPolicy policy = ctx.policy ? ctx.policy() : GuestOpsPolicy();
    const QSet<QString> served = [&table] {
        QSet<QString> names;
        for (const VixOperation *op : table.operations()) {
            if (!op->wsdlName.isEmpty())
                names.insert(op->wsdlName);
        }
        return names;
    }();
    for (const ApiProperty &p : kApiProperties) {
        const QString name = QString::fromLatin1(p.wsdlName);
        const bool disabled = !served.contains(name) || policy.isDisabled(name);
        list.addBool(p.id, disabled);
    }
    return list.toBase64();
}

std::optional<QString> environmentValue(const VixContext &ctx, const GuestLogin &login,
                                        const QString &name, OpReply *failure)
{
    if (std::optional<QString> v = ctx.environment->value(name))
        return v;
    platform::Result<QProcessEnvironment> env = ctx.processes->loginEnvironment(login.account);
    if (!env.ok()) {
        const VixFailure f = vixFailureFor(OpFamily::Variable, env.error);
        *failure = OpReply::failure(f.error, f.additionalError);
        return std::nullopt;
    }
    return env.value.value(name);
}

} // namespace

void addStateOperations(VixOperationTable &table, VixContext &ctx)
{
    const VixOperationTable *tablePtr = &table;
    table.add({VixOp::GetToolsState, QStringLiteral("GetToolsState"), QString(),
               VixOperation::Credential::None, false, VixOperation::Thread::Worker,
               [&ctx, tablePtr](VixCall &, VixDone done) {
                   done(OpReply::ok(toolsState(ctx, *tablePtr)));
               }});
    // Its answer is the whole point: the VMX learns that the tools run.
    table.add({VixOp::WaitForTools, QStringLiteral("WaitForTools"), QString(),
               VixOperation::Credential::None, true, VixOperation::Thread::EventLoop,
               [](VixCall &, VixDone done) {
                   done(OpReply::ok());
               }});

    table.add({VixOp::ReadVariable, QStringLiteral("ReadVariable"), QString(),
               VixOperation::Credential::Required, true, VixOperation::Thread::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   const auto &req = call.body<ReadVariableRequest>();
                   if (req.variableType != VixVariableType::GuestEnvironmentVariable) {
                       done(OpReply::failure(VixErr::OpNotSupportedOnGuest));
                       return;
                   }
                   OpReply failure;
                   const std::optional<QString> value =
                       environmentValue(ctx, call.login, req.name, &failure);
                   done(value ? OpReply::ok(value->toUtf8()) : failure);
               }});
    table.add({VixOp::WriteVariable, QStringLiteral("WriteVariable"), QString(),
               VixOperation::Credential::Required, true, VixOperation::Thread::Worker,
               [&ctx](VixCall &call, VixDone done) {
                   const auto &req = call.body<WriteVariableRequest>();
                   if (req.variableType != VixVariableType::GuestEnvironmentVariable) {
                       done(OpReply::failure(VixErr::OpNotSupportedOnGuest));
                       return;
                   }
                   // Only the administrator: the variables reach every later
                   // program, whoever starts it (vmtoolsd's Util_HasAdminPriv check).
                   if (call.login.account.uid != 0) {
                       done(OpReply::failure(VixErr::GuestUserPermissions));
                       return;
                   }
                   ctx.environment->set(req.name, req.value);
                   done(OpReply::ok());
               }});
}

} // namespace gk::vix::server
