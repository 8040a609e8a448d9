// The registry operations of the VIX protocol with the Win32 registry API.
// HKEY_CURRENT_USER is opened with RegOpenCurrentUser, so inside a guest
// session (impersonating) it is the guest user's own hive, not the
// service's (HKEY_CURRENT_USER is cached per process and would be
// LocalSystem's).
#include "platform/Registry.h"

#include "WinErrors.h"

#include <windows.h>

#include <vector>

namespace gk::platform {
namespace {

using K = PlatformError::Kind;

struct Key
{
    HKEY h = nullptr;
    bool owned = false;
    Key() = default;
    Key(const Key &) = delete;
    Key &operator=(const Key &) = delete;
    ~Key()
    {
        if (h && owned)
            RegCloseKey(h);
    }
};

REGSAM viewFlag(RegistryKeyPath::View view)
{
    switch (view) {
    case RegistryKeyPath::View::Wow32:
        return KEY_WOW64_32KEY;
    case RegistryKeyPath::View::Wow64:
        return KEY_WOW64_64KEY;
    case RegistryKeyPath::View::Native:
        break;
    }
    return 0;
}

PlatformError badPath(const QString &path)
{
    return PlatformError::make(
        K::InvalidName, ERROR_INVALID_NAME,
        QStringLiteral("registry path '%1': it must start with a root key such as "
                       "HKEY_LOCAL_MACHINE")
            .arg(path));
}

PlatformError regError(LSTATUS rc, const char *op, const QString &path)
{
    return winos::winError(DWORD(rc), QStringLiteral("%1 '%2'").arg(QLatin1String(op), path));
}

// The root key of `path` (opened for HKEY_CURRENT_USER) and the rest.
PlatformError splitRoot(const QString &path, Key *root, std::wstring *rest)
{
    QString normalized = path;
    normalized.replace(QLatin1Char('/'), QLatin1Char('\\'));
    const QString name = normalized.section(QLatin1Char('\\'), 0, 0).toUpper();
    *rest = normalized.section(QLatin1Char('\\'), 1, -1, QString::SectionSkipEmpty).toStdWString();
    if (name == QLatin1String("HKEY_LOCAL_MACHINE") || name == QLatin1String("HKLM"))
        root->h = HKEY_LOCAL_MACHINE;
    else if (name == QLatin1String("HKEY_USERS") || name == QLatin1String("HKU"))
        root->h = HKEY_USERS;
    else if (name == QLatin1String("HKEY_CLASSES_ROOT") || name == QLatin1String("HKCR"))
        root->h = HKEY_CLASSES_ROOT;
    else if (name == QLatin1String("HKEY_CURRENT_CONFIG") || name == QLatin1String("HKCC"))
        root->h = HKEY_CURRENT_CONFIG;
    else if (name == QLatin1String("HKEY_CURRENT_USER") || name == QLatin1String("HKCU")) {
        const LSTATUS rc = RegOpenCurrentUser(MAXIMUM_ALLOWED, &root->h);
        if (rc != ERROR_SUCCESS)
            return regError(rc, "open HKEY_CURRENT_USER for", path);
        root->owned = true;
    } else {
        return badPath(path);
    }
    return {};
}

PlatformError openKey(const RegistryKeyPath &key, REGSAM access, Key *out)
{
    Key root;
    std::wstring rest;
    if (PlatformError e = splitRoot(key.path, &root, &rest))
        return e;
    const LSTATUS rc = RegOpenKeyExW(root.h, rest.c_str(), 0, access | viewFlag(key.view), &out->h);
    if (rc != ERROR_SUCCESS)
        return regError(rc, "open registry key", key.path);
    out->owned = true;
    return {};
}

bool matches(const QRegularExpression &pattern, const QString &name)
{
    return pattern.pattern().isEmpty() || pattern.match(name).hasMatch();
}

PlatformError listInto(HKEY key, const QString &path, bool recursive,
                       const QRegularExpression &pattern, REGSAM view, QList<RegistryKeyInfo> *out)
{
    for (DWORD index = 0;; ++index) {
        wchar_t name[256];
        DWORD nameSize = 256;
        wchar_t className[256];
        DWORD classSize = 256;
        FILETIME written = {};
        const LSTATUS rc =
            RegEnumKeyExW(key, index, name, &nameSize, nullptr, className, &classSize, &written);
        if (rc == ERROR_NO_MORE_ITEMS)
            return {};
        if (rc != ERROR_SUCCESS)
            return regError(rc, "list registry key", path);
        const QString child = QString::fromWCharArray(name, int(nameSize));
        const QString childPath = path + QLatin1Char('\\') + child;
        if (matches(pattern, child)) {
            const qint64 ticks = (qint64(written.dwHighDateTime) << 32 | written.dwLowDateTime) -
                                 116444736000000000LL;
            out->append({childPath, QString::fromWCharArray(className, int(classSize)),
                         QDateTime::fromMSecsSinceEpoch(ticks / 10000, Qt::UTC)});
        }
        if (recursive) {
            HKEY sub = nullptr;
            if (RegOpenKeyExW(key, name, 0, KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE | view,
                              &sub) == ERROR_SUCCESS) {
                const PlatformError e = listInto(sub, childPath, true, pattern, view, out);
                RegCloseKey(sub);
                if (e)
                    return e;
            }
        }
    }
}

RegistryValue valueFrom(const QString &name, DWORD type, const std::vector<BYTE> &data, DWORD size,
                        bool expand)
{
    RegistryValue v;
    v.name = name;
    const auto *text = reinterpret_cast<const wchar_t *>(data.data());
    const int chars = int(size / sizeof(wchar_t));
    auto trimmed = [&](int n) {
        while (n > 0 && text[n - 1] == L'\0')
            --n;
        return QString::fromWCharArray(text, n);
    };
    switch (type) {
    case REG_SZ:
        v.type = RegistryValueType::String;
        v.string = trimmed(chars);
        break;
    case REG_EXPAND_SZ: {
        v.type = RegistryValueType::ExpandString;
        v.string = trimmed(chars);
        if (expand) {
            const std::wstring in = v.string.toStdWString();
            std::vector<wchar_t> out(32768);
            const DWORD n = ExpandEnvironmentStringsW(in.c_str(), out.data(), DWORD(out.size()));
            if (n > 0 && n <= out.size())
                v.string = QString::fromWCharArray(out.data(), int(n) - 1);
        }
        break;
    }
    case REG_MULTI_SZ:
        v.type = RegistryValueType::MultiString;
        for (int i = 0; i < chars;) {
            int end = i;
            while (end < chars && text[end] != L'\0')
                ++end;
            if (end == i)
                break; // the empty string that ends the list
            v.strings.append(QString::fromWCharArray(text + i, end - i));
            i = end + 1;
        }
        break;
    case REG_DWORD:
        v.type = RegistryValueType::DWord;
        if (size >= 4)
            v.number = *reinterpret_cast<const quint32 *>(data.data());
        break;
    case REG_QWORD:
        v.type = RegistryValueType::QWord;
        if (size >= 8)
            v.number = *reinterpret_cast<const quint64 *>(data.data());
        break;
    default: // REG_BINARY and every type the vSphere API has no name for
        v.type = RegistryValueType::Binary;
        v.binary = QByteArray(reinterpret_cast<const char *>(data.data()), int(size));
        break;
    }
    return v;
}

class WinRegistry final : public Registry
{
public:
    bool exists() const override { return true; }
    PlatformError createKey(const RegistryKeyPath &key, bool isVolatile,
                            const QString &className) override
    {
        Key root;
        std::wstring rest;
        if (PlatformError e = splitRoot(key.path, &root, &rest))
            return e;
        if (rest.empty())
            return regError(ERROR_ALREADY_EXISTS, "create registry key", key.path);
        const std::wstring cls = className.toStdWString();
        HKEY created = nullptr;
        DWORD disposition = 0;
        const LSTATUS rc = RegCreateKeyExW(
            root.h, rest.c_str(), 0, cls.empty() ? nullptr : const_cast<wchar_t *>(cls.c_str()),
            isVolatile ? REG_OPTION_VOLATILE : REG_OPTION_NON_VOLATILE,
            KEY_READ | viewFlag(key.view), nullptr, &created, &disposition);
        if (rc != ERROR_SUCCESS)
            return regError(rc, "create registry key", key.path);
        RegCloseKey(created);
        if (disposition == REG_OPENED_EXISTING_KEY)
            return regError(ERROR_ALREADY_EXISTS, "create registry key", key.path);
        return {};
    }

    Result<QList<RegistryKeyInfo>> listKeys(const RegistryKeyPath &key, bool recursive,
                                            const QRegularExpression &pattern) override
    {
        using R = Result<QList<RegistryKeyInfo>>;
        if (!pattern.isValid())
            return R::failure(
                winos::winError(ERROR_INVALID_PARAMETER, QStringLiteral("bad key name pattern")));
        Key k;
        if (PlatformError e = openKey(key, KEY_ENUMERATE_SUB_KEYS | KEY_QUERY_VALUE, &k))
            return R::failure(e);
        QList<RegistryKeyInfo> out;
        QString base = key.path;
        while (base.endsWith(QLatin1Char('\\')))
            base.chop(1);
        if (PlatformError e = listInto(k.h, base, recursive, pattern, viewFlag(key.view), &out))
            return R::failure(e);
        return R::success(out);
    }

    PlatformError deleteKey(const RegistryKeyPath &key, bool recursive) override
    {
        Key root;
        std::wstring rest;
        if (PlatformError e = splitRoot(key.path, &root, &rest))
            return e;
        if (rest.empty())
            return regError(ERROR_ACCESS_DENIED, "delete registry key", key.path);
        // RegDeleteTreeW needs DELETE and the right to change values on the
        // key it empties, not just KEY_READ.
        Key k;
        if (PlatformError e = openKey(key, KEY_READ | DELETE | KEY_SET_VALUE, &k))
            return e;
        DWORD subkeys = 0;
        RegQueryInfoKeyW(k.h, nullptr, nullptr, nullptr, &subkeys, nullptr, nullptr, nullptr,
                         nullptr, nullptr, nullptr, nullptr);
        if (subkeys > 0 && !recursive)
            return PlatformError::make(
                K::NotEmpty, ERROR_DIR_NOT_EMPTY,
                QStringLiteral("delete registry key '%1': it has subkeys").arg(key.path));
        LSTATUS rc = ERROR_SUCCESS;
        if (subkeys > 0) {
            rc = RegDeleteTreeW(k.h, nullptr);
            if (rc != ERROR_SUCCESS)
                return regError(rc, "delete registry key", key.path);
        }
        rc = RegDeleteKeyExW(root.h, rest.c_str(), viewFlag(key.view), 0);
        if (rc != ERROR_SUCCESS)
            return regError(rc, "delete registry key", key.path);
        return {};
    }

    PlatformError setValue(const RegistryKeyPath &key, const RegistryValue &value) override
    {
        Key k;
        if (PlatformError e = openKey(key, KEY_SET_VALUE, &k))
            return e;
        std::vector<BYTE> data;
        DWORD type = REG_SZ;
        auto putText = [&data](const std::wstring &s) {
            const auto *p = reinterpret_cast<const BYTE *>(s.c_str());
            data.insert(data.end(), p, p + (s.size() + 1) * sizeof(wchar_t));
        };
        switch (value.type) {
        case RegistryValueType::String:
        case RegistryValueType::ExpandString:
            type = value.type == RegistryValueType::String ? REG_SZ : REG_EXPAND_SZ;
            putText(value.string.toStdWString());
            break;
        case RegistryValueType::MultiString:
            type = REG_MULTI_SZ;
            for (const QString &s : value.strings) {
                if (s.isEmpty() || s.contains(QChar()))
                    return PlatformError::make(
                        K::InvalidArgument, ERROR_INVALID_PARAMETER,
                        QStringLiteral("set registry value '%1': a multi-string cannot hold an "
                                       "empty string")
                            .arg(value.name));
                putText(s.toStdWString());
            }
            putText(std::wstring());
            break;
        case RegistryValueType::Binary:
            type = REG_BINARY;
            data.assign(value.binary.begin(), value.binary.end());
            break;
        case RegistryValueType::DWord: {
            type = REG_DWORD;
            const quint32 n = quint32(value.number);
            data.assign(reinterpret_cast<const BYTE *>(&n), reinterpret_cast<const BYTE *>(&n) + 4);
            break;
        }
        case RegistryValueType::QWord:
            type = REG_QWORD;
            data.assign(reinterpret_cast<const BYTE *>(&value.number),
                        reinterpret_cast<const BYTE *>(&value.number) + 8);
            break;
        }
        const std::wstring name = value.name.toStdWString();
        const LSTATUS rc =
            RegSetValueExW(k.h, name.c_str(), 0, type, data.data(), DWORD(data.size()));
        if (rc != ERROR_SUCCESS)
            return regError(rc, "set registry value in", key.path);
        return {};
    }

    Result<QList<RegistryValue>> listValues(const RegistryKeyPath &key, bool expandStrings,
                                            const QRegularExpression &pattern) override
    {
        using R = Result<QList<RegistryValue>>;
        if (!pattern.isValid())
            return R::failure(
                winos::winError(ERROR_INVALID_PARAMETER, QStringLiteral("bad value name pattern")));
        Key k;
        if (PlatformError e = openKey(key, KEY_QUERY_VALUE, &k))
            return R::failure(e);
        DWORD maxName = 0, maxData = 0;
        RegQueryInfoKeyW(k.h, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                         &maxName, &maxData, nullptr, nullptr);
        QList<RegistryValue> out;
        std::vector<wchar_t> name(maxName + 2);
        std::vector<BYTE> data(maxData + 8);
        for (DWORD index = 0;; ++index) {
            DWORD nameSize = DWORD(name.size()), dataSize = DWORD(data.size()), type = 0;
            const LSTATUS rc = RegEnumValueW(k.h, index, name.data(), &nameSize, nullptr, &type,
                                             data.data(), &dataSize);
            if (rc == ERROR_NO_MORE_ITEMS)
                break;
            if (rc == ERROR_MORE_DATA) {
                // A value grew while we listed: read it again with room.
                name.resize(name.size() * 2 + 256);
                data.resize(data.size() * 2 + 256);
                --index;
                continue;
            }
            if (rc != ERROR_SUCCESS)
                return R::failure(regError(rc, "list registry values of", key.path));
            const QString valueName = QString::fromWCharArray(name.data(), int(nameSize));
            if (matches(pattern, valueName))
                out.append(valueFrom(valueName, type, data, dataSize, expandStrings));
        }
        return R::success(out);
    }

    PlatformError deleteValue(const RegistryKeyPath &key, const QString &name) override
    {
        Key k;
        if (PlatformError e = openKey(key, KEY_SET_VALUE, &k))
            return e;
        const std::wstring wide = name.toStdWString();
        const LSTATUS rc = RegDeleteValueW(k.h, wide.c_str());
        if (rc != ERROR_SUCCESS)
            return regError(rc, "delete registry value in", key.path);
        return {};
    }
};

} // namespace

std::unique_ptr<Registry> createRegistry()
{
    return std::make_unique<WinRegistry>();
}

} // namespace gk::platform
