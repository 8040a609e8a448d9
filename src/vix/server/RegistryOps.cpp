// The Windows registry operations: CreateRegistryKey ... DeleteRegistryValue
// (opcodes 201-206, vSphere's GuestWindowsRegistryManager) and the older
// ReadRegistry, WriteRegistry and RegistryKeyExists
// (services/plugins/vix/vixTools.c: VixToolsReadRegistry,
// VixToolsWriteRegistry, VixToolsObjectExists). Each runs on a worker as
// the guest user (GuestSession::run), through platform::Registry.
//
// Where the platform has no registry (Linux) every one of them is answered
// as vmtoolsd on Linux answers it: VIX_E_OP_NOT_SUPPORTED_ON_GUEST before
// the credentials are looked at (RegistryKeyExists logs in first and prints
// its "0" even then).
//
// The handlers of 201-206 are not in open-vm-tools, so their result strings
// are guestkit's own, in the style of the other listings (strings escaped
// as VixToolsEscapeXMLString does):
//   ListRegistryKeys:   <rk><path>P</path><class>C</class><mtime>S</mtime></rk> per key
//   ListRegistryValues: <rv><name>N</name><type>T</type><data>D</data></rv> per value
// with S the last write in Unix seconds, T the REG_* number and D the
// string, the decimal number, the hex of the binary bytes, or for a multi
// string each string as <s>X</s>. SetRegistryValue's dataBlobType is the
// REG_* number too (REG_SZ 1, REG_EXPAND_SZ 2, REG_BINARY 3, REG_DWORD 4,
// REG_MULTI_SZ 7, REG_QWORD 11); its blob is UTF-8 (multi strings separated
// by NUL) or the little-endian number. wowBitness: 0 native, 1 the 32-bit
// view, 2 the 64-bit view.
#include "VixContext.h"
#include "VixErrorMap.h"
#include "VixOperationTable.h"
#include "platform/GuestSession.h"
#include "platform/Registry.h"
#include "vix/codec/VixRegistryRequests.h"
#include "vix/codec/VixResultXml.h"

#include <QtEndian>

namespace gk::vix::server {

namespace {

using platform::PlatformError;
using platform::Registry;
using platform::RegistryKeyPath;
using platform::RegistryValue;
using platform::RegistryValueType;

// The REG_* numbers of the value types (winnt.h).
enum RegType : quint32 {
    RegSz = 1,
    RegExpandSz = 2,
    RegBinary = 3,
    RegDword = 4,
    RegMultiSz = 7,
    RegQword = 11,
};

OpReply failure(const PlatformError &error)
{
    const VixFailure f = vixFailureFor(OpFamily::Registry, error);
    return OpReply::failure(f.error, f.additionalError);
}

// Runs fn as the request's user (directly when the login has no session:
// unit tests that check only the rows).
template <typename F> OpReply asUser(const VixCall &call, F fn)
{
    if (!call.login.session)
        return fn();
    return call.login.session->run(fn);
}

std::optional<RegistryKeyPath> keyPath(const QString &path, quint32 wowBitness)
{
    RegistryKeyPath key{path};
    switch (wowBitness) {
    case 0:
        key.view = RegistryKeyPath::View::Native;
        break;
    case 1:
        key.view = RegistryKeyPath::View::Wow32;
        break;
    case 2:
        key.view = RegistryKeyPath::View::Wow64;
        break;
    default:
        return std::nullopt;
    }
    if (path.isEmpty())
        return std::nullopt;
    return key;
}

QRegularExpression namePattern(const QString &pattern)
{
    return QRegularExpression(pattern);
}

quint32 regType(RegistryValueType type)
{
    switch (type) {
    case RegistryValueType::String:
        return RegSz;
    case RegistryValueType::ExpandString:
        return RegExpandSz;
    case RegistryValueType::MultiString:
        return RegMultiSz;
    case RegistryValueType::Binary:
        return RegBinary;
    case RegistryValueType::DWord:
        return RegDword;
    case RegistryValueType::QWord:
        return RegQword;
    }
    return RegBinary;
}

QByteArray element(const char *tag, const QByteArray &text)
{
    return '<' + QByteArray(tag) + '>' + text + "</" + QByteArray(tag) + '>';
}

QByteArray valueData(const RegistryValue &v)
{
    switch (v.type) {
    case RegistryValueType::String:
    case RegistryValueType::ExpandString:
        return VixXml::escape(v.string);
    case RegistryValueType::MultiString: {
        QByteArray out;
        for (const QString &s : v.strings)
            out += element("s", VixXml::escape(s));
        return out;
    }
    case RegistryValueType::Binary:
        return v.binary.toHex();
    case RegistryValueType::DWord:
    case RegistryValueType::QWord:
        return QByteArray::number(v.number);
    }
    return {};
}

// SetRegistryValue's blob as the value it names; nullopt for a type or size
// that does not fit.
std::optional<RegistryValue> valueFromBlob(const QString &name, quint32 type,
                                           const QByteArray &blob)
{
    RegistryValue v;
    v.name = name;
    auto text = [](QByteArray bytes) {
        while (bytes.endsWith('\0'))
            bytes.chop(1);
        return QString::fromUtf8(bytes);
    };
    switch (type) {
    case RegSz:
    case RegExpandSz:
        v.type = type == RegSz ? RegistryValueType::String : RegistryValueType::ExpandString;
        v.string = text(blob);
        return v;
    case RegMultiSz: {
        v.type = RegistryValueType::MultiString;
        const QByteArray trimmed = text(blob).toUtf8();
        if (!trimmed.isEmpty()) {
            for (const QByteArray &part : trimmed.split('\0'))
                v.strings.append(QString::fromUtf8(part));
        }
        return v;
    }
    case RegBinary:
        v.type = RegistryValueType::Binary;
        v.binary = blob;
        return v;
    case RegDword:
        if (blob.size() != 4)
            return std::nullopt;
        v.type = RegistryValueType::DWord;
        v.number = qFromLittleEndian<quint32>(blob.constData());
        return v;
    case RegQword:
        if (blob.size() != 8)
            return std::nullopt;
        v.type = RegistryValueType::QWord;
        v.number = qFromLittleEndian<quint64>(blob.constData());
        return v;
    default:
        return std::nullopt;
    }
}

// The operation on the key a request names: a path that names no key
// (an unknown hive, a bad bitness) is VIX_E_INVALID_ARG; otherwise op(key)
// as the user.
template <typename Op>
OpReply onKey(const VixCall &call, const QString &path, quint32 wowBitness, Op op)
{
    const auto key = keyPath(path, wowBitness);
    if (!key)
        return OpReply::failure(VixErr::InvalidArg);
    return asUser(call, [&] { return op(*key); });
}

// A change's outcome as the reply.
OpReply changed(const PlatformError &error)
{
    return error ? failure(error) : OpReply::ok();
}

// ListRegistryKeys / ListRegistryValues: the entries whose names match,
// each formatted as its XML element.
template <typename List, typename Format>
OpReply listed(const VixCall &call, const ListRegistryRequest &req, List list, Format format)
{
    const QRegularExpression pattern = namePattern(req.matchPattern);
    if (!pattern.isValid())
        return OpReply::failure(VixErr::InvalidArg);
    return onKey(call, req.path, req.wowBitness, [&](const RegistryKeyPath &key) {
        // The flag: recursive for keys, expandStrings for values.
        const auto entries = list(key, req.flag, pattern);
        if (!entries.ok())
            return failure(entries.error);
        QByteArray out;
        for (const auto &entry : entries.value)
            out += format(entry);
        return OpReply::ok(out);
    });
}

OpReply createKey(Registry &registry, const VixCall &call)
{
    const auto &req = call.body<CreateRegistryKeyRequest>();
    return onKey(call, req.path, req.wowBitness, [&](const RegistryKeyPath &key) {
        return changed(registry.createKey(key, req.isVolatile, req.classType));
    });
}

OpReply listKeys(Registry &registry, const VixCall &call)
{
    return listed(
        call, call.body<ListRegistryRequest>(),
        [&registry](const RegistryKeyPath &key, bool recursive, const QRegularExpression &p) {
            return registry.listKeys(key, recursive, p);
        },
        [](const platform::RegistryKeyInfo &k) {
            return "<rk>" + element("path", VixXml::escape(k.path)) +
                   element("class", VixXml::escape(k.className)) +
                   element("mtime", QByteArray::number(k.lastWritten.isValid()
                                                           ? k.lastWritten.toSecsSinceEpoch()
                                                           : 0)) +
                   "</rk>";
        });
}

OpReply deleteKey(Registry &registry, const VixCall &call)
{
    const auto &req = call.body<DeleteRegistryKeyRequest>();
    return onKey(call, req.path, req.wowBitness, [&](const RegistryKeyPath &key) {
        return changed(registry.deleteKey(key, req.recursive));
    });
}

OpReply setValue(Registry &registry, const VixCall &call)
{
    const auto &req = call.body<RegistryValueRequest>();
    const auto value = valueFromBlob(req.name, req.dataBlobType, req.data);
    if (!value)
        return OpReply::failure(VixErr::InvalidArg);
    return onKey(call, req.path, req.wowBitness, [&](const RegistryKeyPath &key) {
        return changed(registry.setValue(key, *value));
    });
}

OpReply listValues(Registry &registry, const VixCall &call)
{
    return listed(
        call, call.body<ListRegistryRequest>(),
        [&registry](const RegistryKeyPath &key, bool expand, const QRegularExpression &p) {
            return registry.listValues(key, expand, p);
        },
        [](const RegistryValue &v) {
            return "<rv>" + element("name", VixXml::escape(v.name)) +
                   element("type", QByteArray::number(regType(v.type))) +
                   element("data", valueData(v)) + "</rv>";
        });
}

// The key exists (any failure to open it counts as "no", as
// Registry_KeyExists does).
bool keyExists(Registry &registry, const RegistryKeyPath &key)
{
    static const QRegularExpression none(QStringLiteral("(?!)"));
    return registry.listValues(key, false, none).ok();
}

OpReply deleteValue(Registry &registry, const VixCall &call)
{
    const auto &req = call.body<RegistryValueRequest>();
    return onKey(call, req.path, req.wowBitness, [&](const RegistryKeyPath &key) {
        const PlatformError e = registry.deleteValue(key, req.name);
        // NotFound is the key or the value: the key says which.
        if (e.kind == PlatformError::Kind::NotFound && keyExists(registry, key))
            return OpReply::failure(VixErr::RegValueNotFound, quint32(e.nativeCode));
        return changed(e);
    });
}

// The old forms name a value as "KEY\VALUE".
std::optional<std::pair<RegistryKeyPath, QString>> splitValuePath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('\\'));
    if (slash <= 0)
        return std::nullopt;
    return std::pair{RegistryKeyPath{path.left(slash)}, path.mid(slash + 1)};
}

OpReply readRegistry(Registry &registry, const VixCall &call)
{
    const auto &req = call.body<RegistryRequest>();
    const auto where = splitValuePath(req.keyPath);
    if (!where || (req.expectedType != VixPropertyType::Integer &&
                   req.expectedType != VixPropertyType::String))
        return OpReply::failure(VixErr::InvalidArg);
    return asUser(call, [&] {
        const QRegularExpression exact(
            QRegularExpression::anchoredPattern(QRegularExpression::escape(where->second)),
            QRegularExpression::CaseInsensitiveOption);
        const auto values = registry.listValues(where->first, false, exact);
        if (!values.ok())
            return OpReply::failure(vixErrorFor(OpFamily::Generic, values.error.kind),
                                    quint32(values.error.nativeCode));
        if (values.value.isEmpty())
            return OpReply::failure(VixErr::FileNotFound);
        const RegistryValue &v = values.value.first();
        if (req.expectedType == VixPropertyType::Integer) {
            if (v.type != RegistryValueType::DWord)
                return OpReply::failure(VixErr::RegIncorrectValueType);
            return OpReply::ok(QByteArray::number(qint32(quint32(v.number))));
        }
        if (v.type != RegistryValueType::String && v.type != RegistryValueType::ExpandString)
            return OpReply::failure(VixErr::RegIncorrectValueType);
        return OpReply::ok(v.string.toUtf8());
    });
}

OpReply writeRegistry(Registry &registry, const VixCall &call)
{
    const auto &req = call.body<RegistryRequest>();
    const auto where = splitValuePath(req.keyPath);
    if (!where)
        return OpReply::failure(VixErr::InvalidArg);
    RegistryValue v;
    v.name = where->second;
    if (req.expectedType == VixPropertyType::Integer) {
        if (req.intData.size() != 4)
            return OpReply::failure(VixErr::InvalidArg);
        v.type = RegistryValueType::DWord;
        v.number = qFromLittleEndian<quint32>(req.intData.constData());
    } else {
        v.type = RegistryValueType::String;
        v.string = req.stringData;
    }
    return asUser(call, [&] {
        // The key is made when missing, as Registry_WriteInteger does.
        const PlatformError made = registry.createKey(where->first, false, {});
        if (made && made.kind != PlatformError::Kind::Exists)
            return OpReply::failure(vixErrorFor(OpFamily::Generic, made.kind),
                                    quint32(made.nativeCode));
        if (const PlatformError e = registry.setValue(where->first, v))
            return OpReply::failure(vixErrorFor(OpFamily::Generic, e.kind), quint32(e.nativeCode));
        return OpReply::ok();
    });
}

OpReply registryKeyExists(Registry &registry, const VixCall &call)
{
    const QString path = call.body<SimpleFileRequest>().path;
    if (path.isEmpty())
        return {VixErr::InvalidArg, 0, QByteArray("0")};
    return asUser(call, [&] {
        return OpReply::ok(keyExists(registry, RegistryKeyPath{path}) ? QByteArray("1")
                                                                      : QByteArray("0"));
    });
}

void addUnsupported(VixOperationTable &table)
{
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    auto unsupported = [](VixCall &, VixDone done) {
        done(OpReply::failure(VixErr::OpNotSupportedOnGuest));
    };
    // vmtoolsd answers these before it looks at the credentials.
    const struct
    {
        quint32 op;
        const char *name;
        const char *wsdl;
    } rows[] = {
        {VixOp::CreateRegistryKey, "CreateRegistryKey", "CreateRegistryKeyInGuest"},
        {VixOp::ListRegistryKeys, "ListRegistryKeys", "ListRegistryKeysInGuest"},
        {VixOp::DeleteRegistryKey, "DeleteRegistryKey", "DeleteRegistryKeyInGuest"},
        {VixOp::SetRegistryValue, "SetRegistryValue", "SetRegistryValueInGuest"},
        {VixOp::ListRegistryValues, "ListRegistryValues", "ListRegistryValuesInGuest"},
        {VixOp::DeleteRegistryValue, "DeleteRegistryValue", "DeleteRegistryValueInGuest"},
        {VixOp::ReadRegistry, "ReadRegistry", nullptr},
        {VixOp::WriteRegistry, "WriteRegistry", nullptr},
    };
    for (const auto &r : rows) {
        table.add({r.op, QString::fromLatin1(r.name),
                   r.wsdl ? QString::fromLatin1(r.wsdl) : QString(), C::None, true, T::EventLoop,
                   unsupported});
    }
    // RegistryKeyExists logs in first and prints its "%d" result (0) even
    // then (VixToolsObjectExists).
    table.add({VixOp::RegistryKeyExists, QStringLiteral("RegistryKeyExists"), QString(),
               C::Required, true, T::EventLoop, unsupported, QByteArray("0")});
}

} // namespace

void addRegistryOperations(VixOperationTable &table, VixContext &context)
{
    Registry *registry = context.registry;
    if (!registry || !registry->exists()) {
        addUnsupported(table);
        return;
    }
    using C = VixOperation::Credential;
    using T = VixOperation::Thread;
    using Fn = OpReply (*)(Registry &, const VixCall &);
    const struct
    {
        quint32 op;
        const char *name;
        const char *wsdl;
        Fn fn;
    } rows[] = {
        {VixOp::CreateRegistryKey, "CreateRegistryKey", "CreateRegistryKeyInGuest", createKey},
        {VixOp::ListRegistryKeys, "ListRegistryKeys", "ListRegistryKeysInGuest", listKeys},
        {VixOp::DeleteRegistryKey, "DeleteRegistryKey", "DeleteRegistryKeyInGuest", deleteKey},
        {VixOp::SetRegistryValue, "SetRegistryValue", "SetRegistryValueInGuest", setValue},
        {VixOp::ListRegistryValues, "ListRegistryValues", "ListRegistryValuesInGuest", listValues},
        {VixOp::DeleteRegistryValue, "DeleteRegistryValue", "DeleteRegistryValueInGuest",
         deleteValue},
        {VixOp::ReadRegistry, "ReadRegistry", nullptr, readRegistry},
        {VixOp::WriteRegistry, "WriteRegistry", nullptr, writeRegistry},
        {VixOp::RegistryKeyExists, "RegistryKeyExists", nullptr, registryKeyExists},
    };
    for (const auto &r : rows) {
        VixOperation row{r.op,
                         QString::fromLatin1(r.name),
                         r.wsdl ? QString::fromLatin1(r.wsdl) : QString(),
                         C::Required,
                         true,
                         T::Worker,
                         [registry, fn = r.fn](VixCall &call, VixDone done) {
                             done(fn(*registry, call));
                         }};
        if (r.op == VixOp::RegistryKeyExists)
            row.failureResult = QByteArray("0");
        table.add(std::move(row));
    }
}

} // namespace gk::vix::server
