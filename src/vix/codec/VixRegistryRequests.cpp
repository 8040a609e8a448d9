#include "VixRegistryRequests.h"

#include "VixBodyParser.h"
#include "VixConstants.h"
#include "VixStringCodec.h"
#include "WireWriter.h"

namespace gk::vix {

Decoded<RegistryRequest> RegistryRequest::decode(const QByteArray &body, bool write)
{
    VixBodyParser p(body, kFixedSize, write ? "WriteRegistry" : "ReadRegistry");
    RegistryRequest r;
    const quint32 keyLen = p.fixed().u32();
    r.expectedType = p.fixed().i32();
    const quint32 dataSize = p.fixed().u32();
    r.keyPath = p.string(keyLen);
    if (p.ok() && r.keyPath.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty registry key"));
    if (write && p.ok()) {
        if (r.expectedType == VixPropertyType::Integer)
            r.intData = p.data(dataSize);
        else if (r.expectedType == VixPropertyType::String)
            r.stringData = p.optionalString(dataSize);
        else
            p.refuse(VixErr::InvalidArg, QStringLiteral("unsupported registry value type"));
    }
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray RegistryRequest::encode(bool write) const
{
    const QByteArray key = keyPath.toUtf8();
    quint32 dataSize = 0;
    if (write)
        dataSize = expectedType == VixPropertyType::String ? optionalLength(stringData)
                                                           : quint32(intData.size());
    WireWriter w;
    w.u32(quint32(key.size())).i32(expectedType).u32(dataSize).cstring(key);
    if (write) {
        if (expectedType == VixPropertyType::String)
            writeOptional(w, stringData);
        else
            w.bytes(intData);
    }
    return w.data();
}

Decoded<CreateRegistryKeyRequest> CreateRegistryKeyRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "CreateRegistryKey");
    CreateRegistryKeyRequest r;
    r.options = p.fixed().u32();
    const quint32 pathLen = p.fixed().u32();
    r.wowBitness = p.fixed().u32();
    r.isVolatile = p.fixed().boolean();
    const quint32 classLen = p.fixed().u32();
    r.path = p.optionalString(pathLen);
    r.classType = p.optionalString(classLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray CreateRegistryKeyRequest::encode() const
{
    WireWriter w;
    w.u32(options).u32(optionalLength(path)).u32(wowBitness).boolean(isVolatile);
    w.u32(optionalLength(classType));
    writeOptional(w, path);
    writeOptional(w, classType);
    return w.data();
}

Decoded<ListRegistryRequest> ListRegistryRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "ListRegistry");
    ListRegistryRequest r;
    r.options = p.fixed().u32();
    r.index = p.fixed().u32();
    r.offset = p.fixed().u32();
    const quint32 pathLen = p.fixed().u32();
    r.wowBitness = p.fixed().u32();
    r.flag = p.fixed().boolean();
    const quint32 patternLen = p.fixed().u32();
    r.path = p.optionalString(pathLen);
    r.matchPattern = p.optionalString(patternLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray ListRegistryRequest::encode() const
{
    WireWriter w;
    w.u32(options).u32(index).u32(offset).u32(optionalLength(path)).u32(wowBitness);
    w.boolean(flag).u32(optionalLength(matchPattern));
    writeOptional(w, path);
    writeOptional(w, matchPattern);
    return w.data();
}

Decoded<DeleteRegistryKeyRequest> DeleteRegistryKeyRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "DeleteRegistryKey");
    DeleteRegistryKeyRequest r;
    r.options = p.fixed().u32();
    const quint32 pathLen = p.fixed().u32();
    r.wowBitness = p.fixed().u32();
    r.recursive = p.fixed().boolean();
    r.path = p.optionalString(pathLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray DeleteRegistryKeyRequest::encode() const
{
    WireWriter w;
    w.u32(options).u32(optionalLength(path)).u32(wowBitness).boolean(recursive);
    writeOptional(w, path);
    return w.data();
}

Decoded<RegistryValueRequest> RegistryValueRequest::decode(const QByteArray &body, bool withData)
{
    VixBodyParser p(body, withData ? 24 : 16,
                    withData ? "SetRegistryValue" : "DeleteRegistryValue");
    RegistryValueRequest r;
    r.options = p.fixed().u32();
    const quint32 pathLen = p.fixed().u32();
    r.wowBitness = p.fixed().u32();
    const quint32 nameLen = p.fixed().u32();
    quint32 dataLen = 0;
    if (withData) {
        r.dataBlobType = p.fixed().u32();
        dataLen = p.fixed().u32();
    }
    r.path = p.optionalString(pathLen);
    r.name = p.optionalString(nameLen);
    if (withData)
        r.data = p.data(dataLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray RegistryValueRequest::encode(bool withData) const
{
    WireWriter w;
    w.u32(options).u32(optionalLength(path)).u32(wowBitness).u32(optionalLength(name));
    if (withData)
        w.u32(dataBlobType).u32(quint32(data.size()));
    writeOptional(w, path);
    writeOptional(w, name);
    if (withData)
        w.bytes(data);
    return w.data();
}

} // namespace gk::vix
