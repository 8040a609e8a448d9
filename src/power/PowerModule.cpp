#include "PowerModule.h"

#include "channel/RpciChannel.h"
#include "rpc/ToolsCore.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPowerOps, "guestkit.powerops")

namespace gk::power {

PowerModule::PowerModule(PowerSettings settings, std::unique_ptr<platform::PowerBackend> backend,
                         QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_backend(std::move(backend))
{
    m_pool.setMaxThreadCount(1);
}

PowerModule::~PowerModule()
{
    m_pool.waitForDone();
}

void PowerModule::attach(rpc::ToolsCore &core)
{
    m_rpci = &core.rpci();
    // PowerOpsCapabilityCb: two value-less capabilities.
    core.capabilities().add({rpc::ToolsCapability::Kind::Flag, "statechange", 0, 1});
    core.capabilities().add({rpc::ToolsCapability::Kind::Flag, "softpowerop_retry", 0, 1});
    for (const StateChangeCommand &command : stateChangeCommands()) {
        core.dispatcher().add(command.tcloName,
                              [this, &command](const QByteArray &, rpc::TcloDispatcher::Respond r) {
                                  onCommand(command, std::move(r));
                              });
    }
    // PowerOpsSetOption: "1" or "0"; halt and reboot share beforePowerOff.
    QSet<QByteArray> options;
    for (const StateChangeCommand &command : stateChangeCommands())
        options.insert(command.scriptOption);
    for (const QByteArray &option : std::as_const(options)) {
        core.addOption(option, [this, option](const QByteArray &value) {
            if (value != "0" && value != "1")
                return false;
            if (value == "1")
                m_disabledScripts.remove(option);
            else
                m_disabledScripts.insert(option);
            return true;
        });
    }
}

QString PowerModule::scriptFor(const StateChangeCommand &command) const
{
    const auto it = m_settings.scripts.constFind(command.scriptKey);
    const QString script = it == m_settings.scripts.constEnd() ? command.defaultScript : *it;
    if (script.isEmpty())
        return {};
    return QDir::isAbsolutePath(script) ? script
                                        : QDir(m_settings.scriptDirectory).filePath(script);
}

void PowerModule::onCommand(const StateChangeCommand &command, rpc::TcloDispatcher::Respond respond)
{
    if (m_busy) {
        qCInfo(lcPowerOps, "state change already in progress: %s, requested %s",
               qUtf8Printable(stateChangeLabel(int(m_inProgress))), command.tcloName.constData());
        respond(rpc::TcloReply::failure("State change already in progress"));
        return;
    }
    m_busy = true;
    m_inProgress = command.state;
    const QString script =
        m_disabledScripts.contains(command.scriptOption) ? QString() : scriptFor(command);
    if (script.isEmpty()) {
        qCInfo(lcPowerOps, "%s: no script to run", command.tcloName.constData());
        respond(rpc::TcloReply::success());
        finish(true);
        return;
    }
    vmxLog(QStringLiteral("Executing script for state change '%1'.")
               .arg(QString::fromLatin1(command.tcloName)));
    qCInfo(lcPowerOps, "%s: running %s", command.tcloName.constData(), qUtf8Printable(script));
    // The reply waits for the start: a script that cannot start is an
    // error reply, "Error starting script" (PowerOpsStateChange).
    auto pending = std::make_shared<rpc::TcloDispatcher::Respond>(std::move(respond));
    disconnect(&m_runner, nullptr, this, nullptr);
    connect(&m_runner, &ScriptRunner::started, this, [pending] {
        if (*pending)
            std::exchange(*pending, {})(rpc::TcloReply::success());
    });
    connect(&m_runner, &ScriptRunner::finished, this, [this, pending](const ScriptOutcome &o) {
        const bool neverStarted = o.kind == ScriptOutcome::Kind::FailedToStart;
        if (*pending)
            std::exchange(*pending, {})(neverStarted
                                            ? rpc::TcloReply::failure("Error starting script")
                                            : rpc::TcloReply::success());
        if (o.success())
            qCInfo(lcPowerOps).noquote() << o.message;
        else
            qCWarning(lcPowerOps).noquote() << o.message;
        vmxLog(o.message);
        finish(o.success());
    });
    m_runner.start(script, m_settings.scriptTimeout);
}

void PowerModule::finish(bool success)
{
    const StateChange state = m_inProgress;
    // A halt or reboot whose script failed goes ahead when the VMX asks for
    // it again (softpowerop_retry; powerOps.c PowerOpsStateChangeDone).
    if (success || m_lastFailed == state) {
        success = true;
        m_lastFailed = StateChange::None;
    } else {
        m_lastFailed = state;
    }
    const QByteArray status = "tools.os.statechange.status " + QByteArray::number(success ? 1 : 0) +
                              ' ' + QByteArray::number(int(state)) + '\0';
    // vmtoolsd sends the status synchronously and only then reads the next
    // TCLO command, so the state change is over once the status is sent: a
    // VMX that has seen it may ask for the next one before its reply to the
    // status reaches us (powerOps.c PowerOpsStateChangeDone).
    m_inProgress = StateChange::None;
    m_busy = false;
    m_rpci->send(status, [this, state, success](const channel::RpciResult &r) {
        if (!r.ok())
            qCWarning(lcPowerOps).noquote()
                << "the VMX did not take the state change status:" << QString::fromUtf8(r.text);
        emit stateChangeReported(state, success);
        const StateChangeCommand *command = findStateChange(state);
        if (!success || !command || !command->action)
            return;
        const platform::PowerAction action = *command->action;
        vmxLog(action == platform::PowerAction::Halt ? QStringLiteral("Initiating halt.")
                                                     : QStringLiteral("Initiating reboot."));
        platform::PowerBackend *backend = m_backend.get();
        m_pool.start([this, backend, action] {
            const platform::PlatformError error = backend->perform(action);
            QMetaObject::invokeMethod(
                this,
                [this, action, error] {
                    if (error)
                        qCWarning(lcPowerOps).noquote()
                            << "cannot" << platform::powerActionName(action) << ":"
                            << error.message;
                    emit powerActionDone(action, error.message);
                },
                Qt::QueuedConnection);
        });
    });
}

void PowerModule::vmxLog(const QString &message)
{
    // VMTools_VmxLog: a "log" RPCI, so that the line lands in vmware.log.
    m_rpci->send("log powerops: " + message.toUtf8() + '\0');
}

} // namespace gk::power
