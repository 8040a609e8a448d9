#include "HgfsAttributes.h"

#include "hgfs/codec/HgfsTime.h"

namespace gk::hgfs::server {

namespace {

quint64 ntTime(qint64 ns)
{
    qint64 s = ns / 1000000000;
    qint64 rem = ns % 1000000000;
    if (rem < 0) {
        rem += 1000000000;
        --s;
    }
    return HgfsTime::toNtTime(s, quint32(rem));
}

qint64 unixNs(quint64 nt)
{
    qint64 s = 0;
    quint32 ns = 0;
    HgfsTime::fromNtTime(nt, s, ns);
    return s * 1000000000 + ns;
}

} // namespace

HgfsAttr hgfsAttrFrom(const platform::FileInfo &info)
{
    HgfsAttr a;
    a.mask = kAttrValidType | kAttrValidSize | kAttrValidFlags;
    switch (info.type) {
    case platform::FileType::Directory:
        a.type = quint32(HgfsFileType::Directory);
        break;
    case platform::FileType::Symlink:
        a.type = quint32(HgfsFileType::Symlink);
        break;
    default:
        a.type = quint32(HgfsFileType::Regular);
        break;
    }
    a.size = quint64(std::max<qint64>(info.size, 0));
    const auto time = [&a](const std::optional<qint64> &t, quint64 bit, quint64 &field) {
        if (t) {
            field = ntTime(*t);
            a.mask |= bit;
        }
    };
    time(info.times.created, kAttrValidCreateTime, a.creationTime);
    time(info.times.accessed, kAttrValidAccessTime, a.accessTime);
    time(info.times.modified, kAttrValidWriteTime, a.writeTime);
    time(info.times.changed, kAttrValidChangeTime, a.changeTime);
    if (info.mode) {
        const quint32 m = *info.mode;
        a.specialPerms = quint8((m >> 9) & 7);
        a.ownerPerms = quint8((m >> 6) & 7);
        a.groupPerms = quint8((m >> 3) & 7);
        a.otherPerms = quint8(m & 7);
        a.mask |= kAttrValidSpecialPerms | kAttrValidOwnerPerms | kAttrValidGroupPerms |
                  kAttrValidOtherPerms;
    }
    if (info.owner.id >= 0) {
        a.userId = quint32(info.owner.id);
        a.mask |= kAttrValidUserId;
    }
    if (info.group.id >= 0) {
        a.groupId = quint32(info.group.id);
        a.mask |= kAttrValidGroupId;
    }
    if (info.hidden)
        a.flags |= kAttrHidden;
    if (info.readOnly)
        a.flags |= kAttrReadOnly;
    return a;
}

platform::AttributeChange attributeChangeFrom(const HgfsAttr &attr)
{
    platform::AttributeChange c;
    if (attr.has(kAttrValidUserId))
        c.owner = platform::FileOwner::fromId(attr.userId);
    if (attr.has(kAttrValidGroupId))
        c.group = platform::FileOwner::fromId(attr.groupId);
    const quint64 perms =
        kAttrValidSpecialPerms | kAttrValidOwnerPerms | kAttrValidGroupPerms | kAttrValidOtherPerms;
    if ((attr.mask & perms) == perms || (attr.mask & perms) == (perms & ~kAttrValidSpecialPerms)) {
        const quint32 special = attr.has(kAttrValidSpecialPerms) ? attr.specialPerms & 7u : 0u;
        c.mode = (special << 9) | ((attr.ownerPerms & 7u) << 6) | ((attr.groupPerms & 7u) << 3) |
                 (attr.otherPerms & 7u);
    }
    if (attr.has(kAttrValidAccessTime))
        c.accessed = unixNs(attr.accessTime);
    if (attr.has(kAttrValidWriteTime))
        c.modified = unixNs(attr.writeTime);
    return c;
}

} // namespace gk::hgfs::server
