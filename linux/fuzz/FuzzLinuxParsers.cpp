// Feeds arbitrary bytes to every parser of the Linux backend that reads
// kernel or /etc text: none may crash, hang or read out of bounds.
#include "linux/GuestOsId.h"
#include "linux/LoginEnvironment.h"
#include "linux/MountTable.h"
#include "linux/ProcessTable.h"
#include "linux/ResolvConf.h"
#include "linux/RouteTable.h"

#include <cstddef>
#include <cstdint>

using namespace gk::platform;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    linuxOsIdentity(bytes, QStringLiteral("Linux"), QString::fromLatin1(bytes.left(16)),
                    QStringLiteral("x86_64"));
    parseIpv4Routes(bytes);
    parseIpv6Routes(bytes);
    parseResolvConf(bytes);
    parseMountInfo(bytes);
    parseProcStat(bytes);
    commandLineFromProc(bytes);
    uidsFromProcStatus(bytes);
    parseEnvironmentFile(bytes);
    loginDefsValue(bytes, QStringLiteral("ENV_PATH"));
    return 0;
}
