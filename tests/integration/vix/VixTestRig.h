#pragma once

#include "vmx/DaemonLauncher.h"
#include "vmx/VixClient.h"
#include "vmx/VmxSimulator.h"

#include <QTemporaryDir>

#include <memory>

namespace gk::test {

// A simulated VMX on a private socket and a real guestkitd connected to it,
// started with the given config text.
class VixTestRig
{
public:
    bool start(const QByteArray &config, QString *why);
    vmx::VmxSimulator &sim() { return *m_sim; }
    vmx::VixClient client(const vmx::VixCredentials &credentials = {})
    {
        return vmx::VixClient(*m_sim, credentials);
    }
    // `ping` answered "OK ": the daemon is alive and its event loop free.
    bool pingOk() { return m_sim->call("ping", 5000).reply == "OK "; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<vmx::VmxSimulator> m_sim;
    vmx::DaemonLauncher m_daemon;
};

} // namespace gk::test
