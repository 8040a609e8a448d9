#include "VixFileRequests.h"

#include "VixBodyParser.h"
#include "VixConstants.h"
#include "WireWriter.h"

#include <limits>

namespace gk::vix {
namespace {

QString requiredPath(VixBodyParser &p, quint32 length)
{
    QString path = p.string(length);
    if (p.ok() && path.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty path"));
    return path;
}

} // namespace

Decoded<SimpleFileRequest> SimpleFileRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "SimpleFileRequest");
    SimpleFileRequest r;
    r.fileOptions = p.fixed().i32();
    r.path = requiredPath(p, p.fixed().u32());
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray SimpleFileRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(fileOptions).u32(quint32(s.size())).cstring(s);
    return w.data();
}

bool ListDirectoryRequest::hasOffset() const
{
    return fileOptions & kVixListDirectoryUseOffset;
}

Decoded<ListDirectoryRequest> ListDirectoryRequest::decode(const QByteArray &body)
{
    ListDirectoryRequest r;
    // fileOptions decides the layout, so read it before knowing the fixed size.
    WireReader probe(body);
    r.fileOptions = probe.i32();
    const quint32 fixedSize = probe.ok() && r.hasOffset() ? 16 : 8;
    VixBodyParser p(body, fixedSize, "ListDirectory");
    p.fixed().i32();
    const quint32 pathLen = p.fixed().u32();
    if (fixedSize == 16)
        r.offset = p.fixed().i64();
    r.path = requiredPath(p, pathLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray ListDirectoryRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(fileOptions).u32(quint32(s.size()));
    if (hasOffset())
        w.i64(offset);
    w.cstring(s);
    return w.data();
}

Decoded<ListFilesRequest> ListFilesRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "ListFiles");
    ListFilesRequest r;
    r.fileOptions = p.fixed().i32();
    const quint32 pathLen = p.fixed().u32();
    const quint32 patternLen = p.fixed().u32();
    r.index = p.fixed().i32();
    r.maxResults = p.fixed().i32();
    r.offset = p.fixed().u64();
    if (p.ok() && r.offset >= quint64(std::numeric_limits<qint32>::max()))
        p.refuse(VixErr::InvalidArg, QStringLiteral("offset %1 out of range").arg(r.offset));
    if (p.ok() && r.maxResults > 0 && r.offset >= quint64(r.maxResults))
        p.refuse(
            VixErr::InvalidArg,
            QStringLiteral("offset %1 not below maxResults %2").arg(r.offset).arg(r.maxResults));
    const QString path = p.string(pathLen);
    if (patternLen > 0)
        r.pattern = p.string(patternLen);
    if (p.ok() && path.isEmpty())
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty path"));
    r.path = path;
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray ListFilesRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    const QByteArray pat = pattern.toUtf8();
    WireWriter w;
    w.i32(fileOptions).u32(quint32(s.size())).u32(quint32(pat.size()));
    w.i32(index).i32(maxResults).u64(offset).cstring(s);
    if (!pat.isEmpty())
        w.cstring(pat);
    return w.data();
}

Decoded<CreateDirectoryRequest> CreateDirectoryRequest::decode(const QByteArray &body, bool ex)
{
    VixBodyParser p(body, ex ? 13 : 12, ex ? "CreateDirectoryEx" : "CreateDirectory");
    CreateDirectoryRequest r;
    r.fileOptions = p.fixed().i32();
    const quint32 pathLen = p.fixed().u32();
    p.fixed().u32(); // filePropertiesLength: vmtoolsd never reads the properties
    if (ex)
        r.createParentDirectories = p.fixed().boolean();
    r.path = requiredPath(p, pathLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray CreateDirectoryRequest::encode(bool ex) const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(fileOptions).u32(quint32(s.size())).u32(0);
    if (ex)
        w.boolean(createParentDirectories);
    w.cstring(s);
    return w.data();
}

Decoded<DeleteDirectoryRequest> DeleteDirectoryRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "DeleteDirectoryEx");
    DeleteDirectoryRequest r;
    r.fileOptions = p.fixed().i32();
    const quint32 pathLen = p.fixed().u32();
    p.fixed().u32(); // filePropertiesLength, unused
    r.recursive = p.fixed().boolean();
    r.path = requiredPath(p, pathLen);
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray DeleteDirectoryRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(fileOptions).u32(quint32(s.size())).u32(0).boolean(recursive).cstring(s);
    return w.data();
}

Decoded<MoveRequest> MoveRequest::decode(const QByteArray &body, bool ex)
{
    VixBodyParser p(body, ex ? 17 : 16, ex ? "MoveGuestFileEx" : "MoveGuestFile");
    MoveRequest r;
    r.copyFileOptions = p.fixed().i32();
    const quint32 oldLen = p.fixed().u32();
    const quint32 newLen = p.fixed().u32();
    p.fixed().u32(); // filePropertiesLength, unused
    if (ex)
        r.overwrite = p.fixed().boolean();
    r.oldPath = p.string(oldLen);
    r.newPath = p.string(newLen);
    if (p.ok() && (r.oldPath.isEmpty() || r.newPath.isEmpty()))
        p.refuse(VixErr::InvalidArg, QStringLiteral("empty source or destination path"));
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray MoveRequest::encode(bool ex) const
{
    const QByteArray from = oldPath.toUtf8();
    const QByteArray to = newPath.toUtf8();
    WireWriter w;
    w.i32(copyFileOptions).u32(quint32(from.size())).u32(quint32(to.size())).u32(0);
    if (ex)
        w.boolean(overwrite);
    w.cstring(from).cstring(to);
    return w.data();
}

Decoded<SetFileAttributesRequest> SetFileAttributesRequest::decode(const QByteArray &body)
{
    VixBodyParser p(body, kFixedSize, "SetGuestFileAttributes");
    SetFileAttributesRequest r;
    r.fileOptions = p.fixed().i32();
    r.accessTime = p.fixed().i64();
    r.modificationTime = p.fixed().i64();
    r.ownerId = p.fixed().i32();
    r.groupId = p.fixed().i32();
    r.permissions = p.fixed().i32();
    r.hidden = p.fixed().boolean();
    r.readOnly = p.fixed().boolean();
    r.path = requiredPath(p, p.fixed().u32());
    if (!p.ok())
        return p.error();
    return r;
}

QByteArray SetFileAttributesRequest::encode() const
{
    const QByteArray s = path.toUtf8();
    WireWriter w;
    w.i32(fileOptions).i64(accessTime).i64(modificationTime).i32(ownerId).i32(groupId);
    w.i32(permissions).boolean(hidden).boolean(readOnly).u32(quint32(s.size())).cstring(s);
    return w.data();
}

} // namespace gk::vix
