#include "WinGuestOsId.h"

namespace gk::platform::winos {
namespace {

struct Version
{
    const char *id;
    const char *name;
};

Version lookUp(unsigned major, unsigned minor, unsigned build, bool server)
{
    if (major == 10 && server) {
        if (build >= 26100)
            return {"windows2022srvNext", "Windows Server 2025"};
        if (build >= 20348)
            return {"windows2019srvNext", "Windows Server 2022"};
        if (build >= 17763)
            return {"windows2019srv", "Windows Server 2019"};
        return {"windows9srv", "Windows Server 2016"};
    }
    if (major == 10)
        return build >= 22000 ? Version{"windows11", "Windows 11"}
                              : Version{"windows9", "Windows 10"};
    if (major == 6 && minor >= 2)
        return server ? Version{"windows8srv",
                                minor == 3 ? "Windows Server 2012 R2" : "Windows Server 2012"}
                      : Version{"windows8", minor == 3 ? "Windows 8.1" : "Windows 8"};
    if (major == 6 && minor == 1)
        return server ? Version{"windows7srv", "Windows Server 2008 R2"}
                      : Version{"windows7", "Windows 7"};
    return {"windowsUnknown", "Windows Unknown"};
}

} // namespace

QString windowsGuestOsId(unsigned major, unsigned minor, unsigned build, bool server, bool is64Bit)
{
    QString id = QLatin1String(lookUp(major, minor, build, server).id);
    if (is64Bit)
        id += QLatin1String("-64");
    return id;
}

QString windowsProductName(unsigned major, unsigned minor, unsigned build, bool server)
{
    return QLatin1String(lookUp(major, minor, build, server).name);
}

} // namespace gk::platform::winos
