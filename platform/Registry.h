#pragma once

#include "platform/PlatformError.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QRegularExpression>
#include <QStringList>

#include <memory>

namespace gk::platform {

// A registry path as the vSphere API names it (GuestRegKeyNameSpec):
// "HKEY_LOCAL_MACHINE\SOFTWARE\Vendor" (root names: HKEY_LOCAL_MACHINE,
// HKEY_CURRENT_USER, HKEY_USERS, HKEY_CLASSES_ROOT, HKEY_CURRENT_CONFIG)
// and which view of a 64-bit registry to use (wowBitness).
struct RegistryKeyPath
{
    enum class View { Native, Wow32, Wow64 };
    QString path;
    View view = View::Native;
};

// The value types the vSphere API carries (GuestRegValueDataSpec's
// subtypes: String, ExpandString, MultiString, Binary, Dword, Qword).
enum class RegistryValueType { String, ExpandString, MultiString, Binary, DWord, QWord };

struct RegistryValue
{
    QString name; // "" is the key's default value
    RegistryValueType type = RegistryValueType::String;
    QString string;      // String, ExpandString
    QStringList strings; // MultiString
    QByteArray binary;   // Binary
    quint64 number = 0;  // DWord (32 bits used), QWord
};

struct RegistryKeyInfo
{
    QString path; // the full path, as RegistryKeyPath::path names keys
    QString className;
    QDateTime lastWritten; // UTC
};

// The registry operations of the VIX protocol (VIX_COMMAND_REG_* in
// open-vm-tools services/plugins/vix/vixTools.c; CreateRegistryKeyInGuest
// and friends of vSphere's GuestWindowsRegistryManager). Every call acts
// with the calling thread's identity: run it through GuestSession::run() so
// the OS checks access as the guest user, whose HKEY_CURRENT_USER is then
// their own hive. Windows only: the Linux backend answers NotSupported.
class Registry
{
public:
    virtual ~Registry() = default;

    // False where the OS has no registry (Linux): every call then fails
    // NotSupported, and the VIX server answers as vmtoolsd does there.
    virtual bool exists() const = 0;

    // A new key (and any missing keys above it); an existing one fails Exists.
    virtual PlatformError createKey(const RegistryKeyPath &key, bool isVolatile,
                                    const QString &className) = 0;
    // The subkeys of key (all levels with recursive) whose last name
    // component the pattern matches (an empty pattern matches all).
    virtual Result<QList<RegistryKeyInfo>> listKeys(const RegistryKeyPath &key, bool recursive,
                                                    const QRegularExpression &pattern) = 0;
    // Without recursive a key with subkeys fails NotEmpty.
    virtual PlatformError deleteKey(const RegistryKeyPath &key, bool recursive) = 0;

    // Creates or replaces a value of an existing key.
    virtual PlatformError setValue(const RegistryKeyPath &key, const RegistryValue &value) = 0;
    // The key's values whose name the pattern matches; with expandStrings
    // ExpandString values come back with %VARIABLES% expanded.
    virtual Result<QList<RegistryValue>> listValues(const RegistryKeyPath &key, bool expandStrings,
                                                    const QRegularExpression &pattern) = 0;
    virtual PlatformError deleteValue(const RegistryKeyPath &key, const QString &name) = 0;
};

// Implemented by the backend the build selects (linux/ or win/).
std::unique_ptr<Registry> createRegistry();

} // namespace gk::platform
