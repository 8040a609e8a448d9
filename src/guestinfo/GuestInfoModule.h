#pragma once

#include "rpc/FeatureModule.h"

namespace gk::guestinfo {

// What the guest tells the VMX about itself. Today: the primary IP on
// Set_Option broadcastIP (services/plugins/guestInfo/guestInfoServer.c).
class GuestInfoModule : public rpc::FeatureModule
{
public:
    QString name() const override { return QStringLiteral("guestinfo"); }
    void attach(rpc::ToolsCore &core) override;
};

} // namespace gk::guestinfo
