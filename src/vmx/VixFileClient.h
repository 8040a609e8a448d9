#pragma once

#include "VixClient.h"

#include <QByteArray>
#include <QList>

namespace gk::vmx {

// One <fxi> of a ListFiles (or InitiateFileTransferFromGuest) answer, the
// name as the bytes the guest sent.
struct GuestFileEntry
{
    QByteArray name;
    qint32 flags = 0; // VixFileAttr bits
    quint64 size = 0;
    quint64 modTime = 0;
    quint64 accessTime = 0;
    qint32 uid = 0;
    qint32 gid = 0;
    qint32 permissions = 0; // st_mode
    QByteArray symlinkTarget;
};

// The %XX escapes undone, bytes kept as they are.
QByteArray vixXmlUnescapeBytes(const QByteArray &text);
QList<GuestFileEntry> parseFileEntries(const QByteArray &xml);

// One ListFiles answer: "<0|1> <rem>R</rem><fxi>..."
struct ListFilesPage
{
    bool truncated = false;
    qint64 remaining = 0;
    QList<GuestFileEntry> entries;
};
bool parseListFilesPage(const QByteArray &result, ListFilesPage *page);

// ListFiles paged to the end as hostd and govc do it: a truncated answer is
// asked again with the offset grown by what came; a complete one moves the
// index on while "remaining" is not 0.
VixCallResult listGuestFiles(VixClient &client, const QString &path, const QString &pattern,
                             qint32 maxResults, QList<GuestFileEntry> *out,
                             int *requests = nullptr);

} // namespace gk::vmx
