#include "ToolsCore.h"

#include "channel/RpciChannel.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcCore, "guestkit.core")

namespace gk::rpc {

using channel::RpciResult;

ToolsCore::ToolsCore(channel::RpciSender &rpci, ToolsIdentity identity, QObject *parent)
    : QObject(parent), m_rpci(rpci), m_identity(std::move(identity))
{
    m_dispatcher.addSync("reset", [this](const QByteArray &) { return onReset(); });
    m_dispatcher.addSync("ping", [](const QByteArray &) { return TcloReply::success(); });
    m_dispatcher.add("Capabilities_Register",
                     [this](const QByteArray &, TcloDispatcher::Respond respond) {
                         onCapabilitiesRegister(std::move(respond));
                     });
    m_dispatcher.add("Set_Option", [this](const QByteArray &args, TcloDispatcher::Respond respond) {
        onSetOption(args, std::move(respond));
    });
}

void ToolsCore::addOption(const QByteArray &key, OptionHandler handler)
{
    addAsyncOption(key, [handler = std::move(handler)](const QByteArray &value,
                                                       std::function<void(bool)> accepted) {
        accepted(handler(value));
    });
}

void ToolsCore::addAsyncOption(const QByteArray &key, AsyncOptionHandler handler)
{
    if (m_options.contains(key))
        qFatal("Set_Option key '%s' registered twice", key.constData());
    m_options.insert(key, std::move(handler));
}

void ToolsCore::handleCommand(const QByteArray &command,
                              std::function<void(const QByteArray &)> reply)
{
    m_dispatcher.dispatch(command,
                          [reply = std::move(reply)](const TcloReply &r) { reply(r.frame()); });
}

TcloReply ToolsCore::onReset()
{
    // lib/rpcChannel/rpcChannel.c answers "ATR <app>"; services/vmtoolsd then
    // (ToolsCoreCheckReset) announces the unified loop, once the reply is out.
    QPointer<ToolsCore> self(this);
    QTimer::singleShot(0, this, [self] {
        if (!self)
            return;
        self->m_rpci.send("vmx.capability.unified_loop " + self->m_identity.appName + '\0');
        if (!self->m_versionLogged) {
            self->m_versionLogged = true;
            self->m_rpci.send("log " + self->m_identity.appName + ": Version: guestkit " +
                              self->m_identity.productVersion + '\0');
            self->reportVersionData();
        }
        emit self->resetDone();
    });
    return TcloReply::success("ATR " + m_identity.appName);
}

void ToolsCore::reportVersionData()
{
    // services/vmtoolsd/mainLoop.c (ToolsCoreReportVersionData): four guest
    // variables in documented formats that scripts read through the vSphere
    // API. guestkit has no numeric build number: it reports 0.
    const ToolsIdentity &id = m_identity;
    const QByteArray prefix = "info-set guestinfo.vmtools.";
    const QList<QByteArray> messages = {
        prefix + "description guestkit " + id.productVersion,
        prefix + "versionString " + id.productVersion,
        prefix + "versionNumber " + QByteArray::number(id.toolsVersion),
        prefix + "buildNumber 0",
    };
    for (const QByteArray &message : messages) {
        m_rpci.send(message + '\0', [message](const RpciResult &r) {
            if (!r.ok())
                qCWarning(lcCore) << "version data not accepted:" << message << r.text;
        });
    }
}

void ToolsCore::onCapabilitiesRegister(TcloDispatcher::Respond respond)
{
    // services/vmtoolsd/toolsRpc.c (ToolsCoreRpcCapReg): every capability,
    // the conf directory, then the version with its type, falling back to the
    // plain version for a VMX that does not know versiontype. Failures are
    // logged and do not fail the command.
    for (const QByteArray &message : m_capabilities.rpciMessages()) {
        m_rpci.send(message, [message](const RpciResult &r) {
            if (!r.ok())
                qCWarning(lcCore) << "capability not accepted:" << message.trimmed() << r.text;
        });
    }
    // Sent even when empty, as vmtoolsd does.
    m_rpci.send("tools.capability.guest_conf_directory " + m_identity.confDirectory + '\0');

    QPointer<ToolsCore> self(this);
    const QByteArray version = QByteArray::number(m_identity.toolsVersion);
    m_rpci.send(
        "tools.set.versiontype " + version + ' ' + QByteArray::number(m_identity.toolsType) + '\0',
        [self, version, respond](const RpciResult &r) {
            auto finish = [self, respond] {
                respond(TcloReply::success());
                if (self)
                    emit self->capabilitiesRegistered();
            };
            if (r.ok() || !self) {
                finish();
                return;
            }
            self->m_rpci.send("tools.set.version " + version + '\0',
                              [finish](const RpciResult &r2) {
                                  if (!r2.ok())
                                      qCWarning(lcCore) << "tools version not accepted:" << r2.text;
                                  finish();
                              });
        });
}

void ToolsCore::onSetOption(const QByteArray &args, TcloDispatcher::Respond respond)
{
    // services/vmtoolsd/toolsRpc.c (ToolsCoreRpcSetOption): "<key> <value>",
    // both non-empty; only an option some module accepts answers OK.
    const QByteArray text = args.left(args.indexOf('\0') < 0 ? args.size() : args.indexOf('\0'));
    const TcloDispatcher::Parsed kv = TcloDispatcher::parse(text);
    const QByteArray &key = kv.name;
    const QByteArray &value = kv.args;
    static const QByteArray invalid = "Unknown or invalid option";
    if (key.isEmpty() || value.isEmpty())
        return respond(TcloReply::failure(invalid));
    m_optionValues.insert(key, value);
    qCDebug(lcCore) << "option" << key << "=" << value;
    const auto handler = m_options.constFind(key);
    if (handler == m_options.constEnd())
        return respond(TcloReply::failure(invalid));
    handler.value()(value, [respond = std::move(respond)](bool accepted) {
        respond(accepted ? TcloReply::success() : TcloReply::failure(invalid));
    });
}

} // namespace gk::rpc
