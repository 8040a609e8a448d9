#pragma once

#include <QByteArray>
#include <QList>

namespace gk::rpc {

// A capability the guest announces on Capabilities_Register, in the three
// forms of ToolsCore_SetCapabilities (services/vmtoolsd/toolsRpc.c).
struct ToolsCapability
{
    enum class Kind {
        Valued,  // "tools.capability.<name> <value>" (sent with its NUL)
        Flag,    // "tools.capability.<name> " (trailing space, no NUL)
        Feature, // one "<index>=<value>" of the combined tools.capability.features
    };
    Kind kind = Kind::Valued;
    QByteArray name; // Valued, Flag; for Feature a label used in logs only
    int index = 0;   // Feature
    quint32 value = 1;
};

// Feature modules add their capabilities here when they are wired in, so the
// announced set always follows what is built and enabled.
class CapabilityRegistry
{
public:
    void add(const ToolsCapability &capability); // aborts on a duplicate
    const QList<ToolsCapability> &all() const { return m_caps; }
    // The RPCI messages that announce them, in vmtoolsd's order and bytes.
    QList<QByteArray> rpciMessages() const;

private:
    QList<ToolsCapability> m_caps;
};

} // namespace gk::rpc
