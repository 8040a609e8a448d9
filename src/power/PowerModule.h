#pragma once

#include "PowerSettings.h"
#include "ScriptRunner.h"
#include "StateChange.h"
#include "platform/PlatformError.h"
#include "rpc/FeatureModule.h"
#include "rpc/TcloDispatcher.h"

#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <memory>

namespace gk::channel {
class RpciSender;
}

namespace gk::power {

// The powerOps plugin of vmtoolsd (services/plugins/powerOps/powerOps.c):
// OS_Halt, OS_Reboot, OS_PowerOn, OS_Resume and OS_Suspend run the event's
// script, answer the TCLO command once it started, send
// `tools.os.statechange.status <success> <state>` when it ended, and then
// halt or reboot through the power backend (off the event loop: it blocks).
class PowerModule : public QObject, public rpc::FeatureModule
{
    Q_OBJECT
public:
    PowerModule(PowerSettings settings, std::unique_ptr<platform::PowerBackend> backend,
                QObject *parent = nullptr);
    ~PowerModule() override;

    QString name() const override { return QStringLiteral("powerops"); }
    void attach(rpc::ToolsCore &core) override;

    // The script that runs for a state change: empty when none is to run.
    QString scriptFor(const StateChangeCommand &command) const;
    platform::PowerBackend &backend() { return *m_backend; }

signals:
    // The status went to the VMX (and was answered).
    void stateChangeReported(gk::power::StateChange state, bool success);
    // The backend carried out (or refused) a halt or reboot.
    void powerActionDone(gk::platform::PowerAction action, const QString &error);

private:
    void onCommand(const StateChangeCommand &command, rpc::TcloDispatcher::Respond respond);
    void finish(bool success);
    void vmxLog(const QString &message);

    PowerSettings m_settings;
    std::unique_ptr<platform::PowerBackend> m_backend;
    channel::RpciSender *m_rpci = nullptr;
    ScriptRunner m_runner;
    QThreadPool m_pool;
    StateChange m_inProgress = StateChange::None;
    StateChange m_lastFailed = StateChange::None;
    bool m_busy = false;
    QSet<QByteArray> m_disabledScripts; // Set_Option toolScripts.* = 0
};

} // namespace gk::power
