#include "GuestOpsPolicy.h"

#include <optional>

namespace gk::vix::server {

namespace {
const QString kAllKey = QStringLiteral("disabled");
const QString kSuffix = QStringLiteral(".disabled");
} // namespace

const QSet<QString> &GuestOpsPolicy::knownNames()
{
    static const QSet<QString> names = {
        QStringLiteral("StartProgramInGuest"),
        QStringLiteral("ListProcessesInGuest"),
        QStringLiteral("TerminateProcessInGuest"),
        QStringLiteral("ReadEnvironmentVariableInGuest"),
        QStringLiteral("MakeDirectoryInGuest"),
        QStringLiteral("DeleteFileInGuest"),
        QStringLiteral("DeleteDirectoryInGuest"),
        QStringLiteral("MoveDirectoryInGuest"),
        QStringLiteral("MoveFileInGuest"),
        QStringLiteral("CreateTemporaryFileInGuest"),
        QStringLiteral("CreateTemporaryDirectoryInGuest"),
        QStringLiteral("ListFilesInGuest"),
        QStringLiteral("ChangeFileAttributesInGuest"),
        QStringLiteral("InitiateFileTransferFromGuest"),
        QStringLiteral("InitiateFileTransferToGuest"),
        QStringLiteral("ValidateCredentialsInGuest"),
        QStringLiteral("AcquireCredentialsInGuest"),
        QStringLiteral("ReleaseCredentialsInGuest"),
        QStringLiteral("AddGuestAlias"),
        QStringLiteral("RemoveGuestAlias"),
        QStringLiteral("RemoveGuestAliasByCert"),
        QStringLiteral("ListGuestAliases"),
        QStringLiteral("ListGuestMappedAliases"),
        QStringLiteral("CreateRegistryKeyInGuest"),
        QStringLiteral("ListRegistryKeysInGuest"),
        QStringLiteral("DeleteRegistryKeyInGuest"),
        QStringLiteral("SetRegistryValueInGuest"),
        QStringLiteral("ListRegistryValuesInGuest"),
        QStringLiteral("DeleteRegistryValueInGuest"),
    };
    return names;
}

std::optional<bool> GuestOpsPolicy::parseBool(const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("true") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0"))
        return false;
    return std::nullopt;
}

GuestOpsPolicy GuestOpsPolicy::fromConfig(const QMap<QString, QString> &keys,
                                          const QSet<QString> &knownNames, QStringList *errors)
{
    GuestOpsPolicy policy;
    for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
        const QString &key = it.key();
        const std::optional<bool> value = parseBool(it.value());
        const bool isAll = key == kAllKey;
        const bool isOne = key.endsWith(kSuffix) && key.size() > kSuffix.size();
        if (!isAll && !isOne) {
            // vmtoolsd keeps other keys in this group (e.g. Windows-only
            // process-listing switches); they do not concern the policy.
            continue;
        }
        if (!value) {
            if (errors)
                errors->append(QStringLiteral("guestoperations/%1: '%2' is not true or false")
                                   .arg(key, it.value()));
            continue;
        }
        if (isAll) {
            policy.m_allDisabled = *value;
            continue;
        }
        const QString name = key.left(key.size() - kSuffix.size());
        if (!knownNames.contains(name)) {
            if (errors)
                errors->append(
                    QStringLiteral("guestoperations/%1: no guest operation is called '%2'")
                        .arg(key, name));
            continue;
        }
        policy.setDisabled(name, *value);
    }
    return policy;
}

void GuestOpsPolicy::setDisabled(const QString &wsdlName, bool disabled)
{
    if (disabled)
        m_disabled.insert(wsdlName);
    else
        m_disabled.remove(wsdlName);
}

GuestOpsPolicy::Decision GuestOpsPolicy::check(const QString &wsdlName, bool disableable) const
{
    if (!disableable)
        return {};
    if (m_allDisabled)
        return {false, QStringLiteral("guest operations are disabled ([guestoperations] "
                                      "disabled = true)")};
    if (wsdlName.isEmpty())
        return {};
    if (m_alwaysDisabled.contains(wsdlName))
        return {false, QStringLiteral("%1 is not available in this build").arg(wsdlName)};
    if (m_disabled.contains(wsdlName))
        return {
            false,
            QStringLiteral("%1 is disabled ([guestoperations] %1.disabled = true)").arg(wsdlName)};
    return {};
}

} // namespace gk::vix::server
