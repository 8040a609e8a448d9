#include "GuestInfoModule.h"

#include "PrimaryAddress.h"
#include "channel/RpciChannel.h"
#include "rpc/ToolsCore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcGuestInfo, "guestkit.guestinfo")

namespace gk::guestinfo {

void GuestInfoModule::attach(rpc::ToolsCore &core)
{
    channel::RpciSender &rpci = core.rpci();
    core.addOption("broadcastIP", [&rpci](const QByteArray &value) {
        if (value == "0")
            return true;
        if (value != "1")
            return false;
        const QString ip = primaryIPv4();
        if (ip.isEmpty()) {
            qCWarning(lcGuestInfo) << "broadcastIP: the guest has no IPv4 address to report";
            return true;
        }
        rpci.send("info-set guestinfo.ip " + ip.toLatin1() + '\0',
                  [](const channel::RpciResult &r) {
                      if (!r.ok())
                          qCWarning(lcGuestInfo) << "guestinfo.ip not accepted:" << r.text;
                  });
        return true;
    });
}

} // namespace gk::guestinfo
