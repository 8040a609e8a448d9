#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace gk::vix::server {

// Whether guest operations may run, from the config's [guestoperations]
// group, with open-vm-tools' keys and precedence
// (services/plugins/vix/vixTools.c VixToolsGetAPIDisabledFromConf):
//   1. `disabled = true` refuses every disableable operation;
//   2. otherwise `<WsdlName>.disabled = true` refuses that one operation;
//   3. everything else is allowed.
// Operations without a WSDL name follow the global switch only. Names that
// can never be enabled (the VGAuth alias operations in a build without
// VGAuth) are refused whatever the config says.
class GuestOpsPolicy
{
public:
    struct Decision
    {
        bool allowed = true;
        QString reason; // why not, naming the config key; empty when allowed
    };

    // keys: the [guestoperations] group, key -> raw value. knownNames: every
    // WSDL name the build has (a `<Name>.disabled` for another name is
    // reported, since a typo would silently leave the operation enabled).
    // errors: bad values and unknown names, "key: reason".
    static GuestOpsPolicy fromConfig(const QMap<QString, QString> &keys,
                                     const QSet<QString> &knownNames, QStringList *errors);

    void setAllDisabled(bool disabled) { m_allDisabled = disabled; }
    void setDisabled(const QString &wsdlName, bool disabled);
    void setAlwaysDisabled(const QSet<QString> &wsdlNames) { m_alwaysDisabled = wsdlNames; }

    // wsdlName may be empty (an operation with no key of its own);
    // disableable false means the operation always runs (GetToolsState).
    Decision check(const QString &wsdlName, bool disableable = true) const;
    bool isDisabled(const QString &wsdlName) const { return !check(wsdlName).allowed; }
    bool allDisabled() const { return m_allDisabled; }

    // Every operation name vmtoolsd has a `<Name>.disabled` key for
    // (VIX_TOOLS_CONFIG_API_*_NAME in services/plugins/vix/vixTools.c),
    // whether or not this build serves it yet.
    static const QSet<QString> &knownNames();

    // vmtoolsd's boolean parse (g_key_file_get_boolean): true/false/1/0,
    // any case; nullopt for anything else.
    static std::optional<bool> parseBool(const QString &value);

private:
    bool m_allDisabled = false;
    QSet<QString> m_disabled;
    QSet<QString> m_alwaysDisabled;
};

} // namespace gk::vix::server
