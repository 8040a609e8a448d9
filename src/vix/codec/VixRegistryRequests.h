#pragma once

#include "VixDecoded.h"

#include <QByteArray>
#include <QString>

// Bodies of the Windows registry operations (after the 51-byte header).
// Layouts: lib/include/vixCommands.h. Only the old Read/WriteRegistry parsing
// is public (services/plugins/vix/vixTools.c); the handlers of opcodes
// 201-206 are Windows-only and not in open-vm-tools, so their strings are
// read as the struct comments say ("NUL-terminated string arguments") with
// the length-includes-NUL rule of the other ops of that generation (the
// auth-alias requests). vmtoolsd on Linux answers all of them with
// VIX_E_OP_NOT_SUPPORTED_ON_GUEST without reading the body.
namespace gk::vix {

// VixMsgRegistryRequest (ReadRegistry, WriteRegistry): u32 registryKeyLength;
// i32 expectedRegistryKeyType; u32 dataToWriteSize; then string key and, for
// a write, the data: dataToWriteSize raw bytes for VIX_PROPERTYTYPE_INTEGER,
// an optional string for VIX_PROPERTYTYPE_STRING, anything else INVALID_ARG.
struct RegistryRequest
{
    static constexpr quint32 kFixedSize = 12;
    QString keyPath;
    qint32 expectedType = 0;
    QByteArray intData; // a write of an integer
    QString stringData; // a write of a string

    static Decoded<RegistryRequest> decode(const QByteArray &body, bool write);
    QByteArray encode(bool write) const;
};

// VixMsgCreateRegKeyRequest: u32 options, pathLength, wowBitness;
// Bool isVolatile; u32 classTypeLength; path, classType.
struct CreateRegistryKeyRequest
{
    static constexpr quint32 kFixedSize = 17;
    quint32 options = 0;
    QString path;
    quint32 wowBitness = 0;
    bool isVolatile = false;
    QString classType;

    static Decoded<CreateRegistryKeyRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgListRegKeysRequest and VixMsgListRegValuesRequest share a layout:
// u32 options, index, offset, pathLength, wowBitness; Bool recursive (keys) or
// expandStrings (values); u32 matchPatternLength; path, matchPattern.
struct ListRegistryRequest
{
    static constexpr quint32 kFixedSize = 25;
    quint32 options = 0;
    quint32 index = 0;
    quint32 offset = 0;
    QString path;
    quint32 wowBitness = 0;
    bool flag = false; // recursive (ListRegistryKeys) or expandStrings (ListRegistryValues)
    QString matchPattern;

    static Decoded<ListRegistryRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgDeleteRegKeyRequest: u32 options, pathLength, wowBitness;
// Bool recursive; path.
struct DeleteRegistryKeyRequest
{
    static constexpr quint32 kFixedSize = 13;
    quint32 options = 0;
    QString path;
    quint32 wowBitness = 0;
    bool recursive = false;

    static Decoded<DeleteRegistryKeyRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixMsgSetRegValueRequest: u32 options, pathLength, wowBitness, nameLength,
// dataBlobType, dataBlobLength; path, name, data blob.
// VixMsgDeleteRegValueRequest is its prefix without type and blob
// (u32 options, pathLength, wowBitness, nameLength; path, name).
struct RegistryValueRequest
{
    quint32 options = 0;
    QString path;
    quint32 wowBitness = 0;
    QString name;
    quint32 dataBlobType = 0;
    QByteArray data;

    // withData: SetRegistryValue (24-byte fixed part) or DeleteRegistryValue (16).
    static Decoded<RegistryValueRequest> decode(const QByteArray &body, bool withData);
    QByteArray encode(bool withData) const;
};

} // namespace gk::vix
