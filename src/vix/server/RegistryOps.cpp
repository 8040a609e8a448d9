// The Windows registry operations on a guest without a registry: decoded,
// and answered as vmtoolsd on Linux answers them
// (services/plugins/vix/vixTools.c: VixToolsCreateRegKey and its siblings,
// VixToolsReadRegistry, VixToolsWriteRegistry and VixToolsObjectExists).
#include "VixContext.h"
#include "VixOperationTable.h"

namespace gk::vix::server {

void addRegistryOperations(VixOperationTable &table, VixContext &)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    auto unsupported = [](VixCall &, VixDone done) {
        done(OpReply::failure(VixErr::OpNotSupportedOnGuest));
    };
    // vmtoolsd answers these before it looks at the credentials.
    const struct
    {
        quint32 op;
        const char *name;
        const char *wsdl;
    } rows[] = {
        {VixOp::CreateRegistryKey, "CreateRegistryKey", "CreateRegistryKeyInGuest"},
        {VixOp::ListRegistryKeys, "ListRegistryKeys", "ListRegistryKeysInGuest"},
        {VixOp::DeleteRegistryKey, "DeleteRegistryKey", "DeleteRegistryKeyInGuest"},
        {VixOp::SetRegistryValue, "SetRegistryValue", "SetRegistryValueInGuest"},
        {VixOp::ListRegistryValues, "ListRegistryValues", "ListRegistryValuesInGuest"},
        {VixOp::DeleteRegistryValue, "DeleteRegistryValue", "DeleteRegistryValueInGuest"},
        {VixOp::ReadRegistry, "ReadRegistry", nullptr},
        {VixOp::WriteRegistry, "WriteRegistry", nullptr},
    };
    for (const auto &r : rows) {
        table.add({r.op, QString::fromLatin1(r.name),
                   r.wsdl ? QString::fromLatin1(r.wsdl) : QString(), C::None, true, T::EventLoop,
                   unsupported});
    }
    // RegistryKeyExists logs in first and prints its "%d" result (0) even
    // then (VixToolsObjectExists).
    table.add({VixOp::RegistryKeyExists, QStringLiteral("RegistryKeyExists"), QString(),
               C::Required, true, T::EventLoop, unsupported, QByteArray("0")});
}

} // namespace gk::vix::server
