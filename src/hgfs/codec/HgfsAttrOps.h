#pragma once

#include "HgfsConstants.h"
#include "HgfsDecoded.h"
#include "HgfsNames.h"

#include <QByteArray>
#include <QString>

namespace gk::hgfs {

class HgfsWireReader;
class HgfsWireWriter;

// hgfsProto.h HgfsAttrV2 (104 bytes packed). Fields count only where mask says
// so (HGFS_ATTR_VALID_*). Times are NT times (HgfsTime).
struct HgfsAttr
{
    static constexpr quint32 kSize = 104;

    quint64 mask = 0;
    quint32 type = quint32(HgfsFileType::Regular);
    quint64 size = 0;
    quint64 creationTime = 0;
    quint64 accessTime = 0;
    quint64 writeTime = 0;
    quint64 changeTime = 0;
    quint8 specialPerms = 0; // suid 4, sgid 2, sticky 1
    quint8 ownerPerms = 0;
    quint8 groupPerms = 0;
    quint8 otherPerms = 0;
    quint64 flags = 0; // HGFS_ATTR_HIDDEN, HGFS_ATTR_READONLY, ...
    quint64 allocationSize = 0;
    quint32 userId = 0;
    quint32 groupId = 0;
    quint64 hostFileId = 0;
    quint32 volumeId = 0;
    quint32 effectivePerms = 0;

    bool has(quint64 validBit) const { return (mask & validBit) != 0; }

    bool read(HgfsWireReader &r);
    void write(HgfsWireWriter &w) const;

    bool operator==(const HgfsAttr &) const = default;
};

// GETATTR_V2 (HgfsRequestGetattrV2: hints, file, HgfsFileName; embedded header
// stripped) and GETATTR_V3 (HgfsRequestGetattrV3: hints, reserved,
// HgfsFileNameV3). A handle is used when the V2 hint or the V3 name flag says
// so; decode then sets file.useHandle and, for V3, adds the hint as
// hgfsServerParameters.c HgfsUnpackGetattrPayloadV3 does.
struct HgfsGetattrRequest
{
    quint32 op = opValue(HgfsOp::GetattrV3);
    quint64 hints = 0;
    HgfsFileRef file;

    static HgfsDecoded<HgfsGetattrRequest> decode(quint32 op, const QByteArray &args);
    QByteArray encode() const;

    bool operator==(const HgfsGetattrRequest &) const = default;
};

// HgfsReplyGetattrV2 (attr, symlinkTarget HgfsFileName) and HgfsReplyGetattrV3
// (attr, reserved, symlinkTarget HgfsFileNameV3). The target travels in
// "CPNameLite" form: the path with '/' turned into NUL; here it is the path.
struct HgfsGetattrReply
{
    HgfsAttr attr;
    QString symlinkTarget;

    static HgfsDecoded<HgfsGetattrReply> decode(quint32 op, const QByteArray &body);
    QByteArray encode(quint32 op) const;

    bool operator==(const HgfsGetattrReply &) const = default;
};

// SETATTR_V2 (HgfsRequestSetattrV2: hints, attr, file, HgfsFileName) and
// SETATTR_V3 (HgfsRequestSetattrV3: hints, attr, reserved, HgfsFileNameV3).
struct HgfsSetattrRequest
{
    quint32 op = opValue(HgfsOp::SetattrV3);
    quint64 hints = 0;
    HgfsAttr attr;
    HgfsFileRef file;

    static HgfsDecoded<HgfsSetattrRequest> decode(quint32 op, const QByteArray &args);
    QByteArray encode() const;

    bool operator==(const HgfsSetattrRequest &) const = default;
};

// HgfsReplySetattrV2 is the header alone; HgfsReplySetattrV3 one reserved uint64.
struct HgfsSetattrReply
{
    static QByteArray encode(quint32 op);
};

} // namespace gk::hgfs
