// Linux has no registry: every VIX registry operation answers NotSupported
// (vmtoolsd answers VIX_E_OP_NOT_SUPPORTED_ON_GUEST there too).
#include "platform/Registry.h"

#include <cerrno>

namespace gk::platform {
namespace {

PlatformError notSupported()
{
    return PlatformError::make(PlatformError::Kind::NotSupported, EOPNOTSUPP,
                               QStringLiteral("the registry exists on Windows guests only"));
}

class LinuxRegistry final : public Registry
{
public:
    bool exists() const override { return false; }
    PlatformError createKey(const RegistryKeyPath &, bool, const QString &) override
    {
        return notSupported();
    }
    Result<QList<RegistryKeyInfo>> listKeys(const RegistryKeyPath &, bool,
                                            const QRegularExpression &) override
    {
        return Result<QList<RegistryKeyInfo>>::failure(notSupported());
    }
    PlatformError deleteKey(const RegistryKeyPath &, bool) override { return notSupported(); }
    PlatformError setValue(const RegistryKeyPath &, const RegistryValue &) override
    {
        return notSupported();
    }
    Result<QList<RegistryValue>> listValues(const RegistryKeyPath &, bool,
                                            const QRegularExpression &) override
    {
        return Result<QList<RegistryValue>>::failure(notSupported());
    }
    PlatformError deleteValue(const RegistryKeyPath &, const QString &) override
    {
        return notSupported();
    }
};

} // namespace

std::unique_ptr<Registry> createRegistry()
{
    return std::make_unique<LinuxRegistry>();
}

} // namespace gk::platform
