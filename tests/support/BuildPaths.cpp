#include "BuildPaths.h"

namespace gk::test {

QString sourceDir()
{
    return QStringLiteral(GUESTKIT_SOURCE_DIR);
}

QString guestkitdPath()
{
    return QStringLiteral(GUESTKITD_PATH);
}

QString guestkitPath()
{
    return QStringLiteral(GUESTKIT_PATH);
}

QString guestkitVmxPath()
{
    return QStringLiteral(GUESTKIT_VMX_PATH);
}

} // namespace gk::test
