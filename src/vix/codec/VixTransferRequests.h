#pragma once

#include "VixDecoded.h"

#include <QByteArray>
#include <QString>

// Request bodies of temporary files, file transfers, HGFS relay and file
// system listing (after the 51-byte header). Layouts:
// lib/include/vixCommands.h; rules: services/plugins/vix/vixTools.c.
namespace gk::vix {

// VixMsgCreateTempFileRequestEx (CreateTemporaryFileEx,
// CreateTemporaryDirectory): i32 options; u32 filePrefixLength,
// fileSuffixLength, directoryPathLength, propertyListLength; then prefix,
// suffix, directory (each length without its NUL) and the property list.
// VixToolsGetTempFile demands that these add up exactly to the body and
// answers VIX_E_INVALID_MESSAGE_BODY otherwise. An empty directory means the
// user's temporary directory. (The old CreateTemporaryFile has no body
// vmtoolsd reads.)
struct CreateTempFileRequest
{
    static constexpr quint32 kFixedSize = 20;
    qint32 options = 0;
    QString prefix;
    QString suffix;
    QString directory;
    QByteArray propertyList; // unparsed; vmtoolsd ignores it

    static Decoded<CreateTempFileRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// InitiateFileTransferFromGuest reuses VixMsgListFilesRequest (i32
// fileOptions; u32 guestPathNameLength, patternLength; i32 index, maxResults;
// u64 offset) and reads only the path.
struct FileTransferFromGuestRequest
{
    static constexpr quint32 kFixedSize = 28;
    qint32 fileOptions = 0;
    QString path;

    static Decoded<FileTransferFromGuestRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixCommandInitiateFileTransferToGuestRequest: i32 options (VixFileAttrSet
// bits); u32 guestPathNameLength; Bool overwrite; path.
struct FileTransferToGuestRequest
{
    static constexpr quint32 kFixedSize = 9;
    qint32 options = 0;
    QString path;
    bool overwrite = false;

    static Decoded<FileTransferToGuestRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

// VixCommandHgfsSendPacket: u32 hgfsPacketSize; i32 timeout; then the HGFS
// packet. A zero size is VIX_E_FAIL (VixToolsProcessHgfsPacket).
struct HgfsSendPacketRequest
{
    static constexpr quint32 kFixedSize = 8;
    QByteArray packet;
    qint32 timeout = 0;

    static Decoded<HgfsSendPacketRequest> decode(const QByteArray &body);
    QByteArray encode() const;
    // The fixed part alone (hgfsPacketSize, timeout): the packet follows it
    // (VixRequestSpec::bodyTail).
    QByteArray encodeFixed() const;
};

// VixCommandListFileSystemsRequest: u32 options; u32 propertyListSize; then
// the property list (vmtoolsd reads neither).
struct ListFileSystemsRequest
{
    static constexpr quint32 kFixedSize = 8;
    quint32 options = 0;
    QByteArray propertyList;

    static Decoded<ListFileSystemsRequest> decode(const QByteArray &body);
    QByteArray encode() const;
};

} // namespace gk::vix
