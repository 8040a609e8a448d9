#pragma once

#include <QString>

namespace gk::rpc {

class ToolsCore;

// A feature (guest info, power, VIX, ...) plugs into the core here: it adds
// its TCLO commands, Set_Option keys and capabilities to the core's tables,
// and reacts to the core's signals. daemon/ decides which modules exist.
class FeatureModule
{
public:
    virtual ~FeatureModule() = default;
    virtual QString name() const = 0;
    virtual void attach(ToolsCore &core) = 0;
};

} // namespace gk::rpc
