#include "CapabilityRegistry.h"

#include <QtGlobal>

namespace gk::rpc {

void CapabilityRegistry::add(const ToolsCapability &capability)
{
    for (const ToolsCapability &c : m_caps) {
        const bool sameFeature = c.kind == ToolsCapability::Kind::Feature &&
                                 capability.kind == ToolsCapability::Kind::Feature &&
                                 c.index == capability.index;
        const bool sameName = c.kind != ToolsCapability::Kind::Feature &&
                              capability.kind != ToolsCapability::Kind::Feature &&
                              c.name == capability.name;
        if (sameFeature || sameName)
            qFatal("capability '%s' registered twice", capability.name.constData());
    }
    m_caps.append(capability);
}

QList<QByteArray> CapabilityRegistry::rpciMessages() const
{
    QList<QByteArray> messages;
    QByteArray features;
    for (const ToolsCapability &c : m_caps) {
        switch (c.kind) {
        case ToolsCapability::Kind::Valued:
            messages.append("tools.capability." + c.name + ' ' + QByteArray::number(c.value) +
                            '\0');
            break;
        case ToolsCapability::Kind::Flag:
            // The VMX wants the trailing space and no NUL for these (toolsRpc.c).
            messages.append("tools.capability." + c.name + ' ');
            break;
        case ToolsCapability::Kind::Feature:
            if (features.isEmpty())
                features = "tools.capability.features";
            features += ' ' + QByteArray::number(c.index) + '=' + QByteArray::number(c.value);
            break;
        }
    }
    if (!features.isEmpty())
        messages.append(features + '\0');
    return messages;
}

} // namespace gk::rpc
