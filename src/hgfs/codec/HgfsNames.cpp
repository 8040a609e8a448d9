#include "HgfsNames.h"

#include "HgfsWireReader.h"
#include "HgfsWireWriter.h"

namespace gk::hgfs {

namespace {

HgfsDecoded<QStringList> invalidName(QString why)
{
    return HgfsDecoded<QStringList>::failure(HgfsStatus::InvalidName, std::move(why));
}

// The optional NUL that C senders place after the name (the struct's name[1]).
void skipTerminator(HgfsWireReader &r)
{
    quint8 next = 0xff;
    if (r.peekU8(next) && next == 0)
        r.skip(1);
}

} // namespace

HgfsDecoded<QStringList> HgfsNames::decodeCpName(const QByteArray &cpName)
{
    QStringList out;
    if (cpName.isEmpty())
        return HgfsDecoded<QStringList>::success(out);
    if (cpName.front() == '\0')
        return invalidName(QStringLiteral("CP name starts with a separator"));
    if (cpName.back() == '\0')
        return invalidName(QStringLiteral("CP name ends with a separator"));
    for (const QByteArray &part : cpName.split('\0')) {
        if (part.isEmpty())
            continue; // a run of separators counts as one
        if (part == "." || part == "..")
            return invalidName(
                QStringLiteral("CP name has a '%1' component").arg(QString::fromLatin1(part)));
        if (part.contains('/') || part.contains('\\'))
            return invalidName(QStringLiteral("CP name component holds a path separator"));
        const QString text = QString::fromUtf8(part);
        if (text.toUtf8() != part)
            return invalidName(QStringLiteral("CP name component is not UTF-8"));
        out.append(text);
    }
    return HgfsDecoded<QStringList>::success(out);
}

QByteArray HgfsNames::encodeCpName(const QStringList &components)
{
    QByteArray out;
    for (const QString &c : components) {
        if (!out.isEmpty())
            out.append('\0');
        out.append(c.toUtf8());
    }
    return out;
}

HgfsDecoded<QStringList> HgfsNames::readFileName(HgfsWireReader &r)
{
    quint32 length = 0;
    QByteArray bytes;
    if (!r.readU32(length) || !r.readBytes(length, bytes))
        return protocolError<QStringList>(
            QStringLiteral("file name of %1 bytes runs past the packet").arg(length));
    skipTerminator(r);
    return decodeCpName(bytes);
}

void HgfsNames::writeFileName(HgfsWireWriter &w, const QStringList &components)
{
    const QByteArray cp = encodeCpName(components);
    w.u32(quint32(cp.size())).bytes(cp).u8(0);
}

HgfsDecoded<HgfsFileRef> HgfsNames::readFileNameV3(HgfsWireReader &r)
{
    HgfsFileRef ref;
    quint32 length = 0;
    quint32 flags = 0;
    quint32 caseType = 0;
    quint32 fid = 0;
    r.readU32(length);
    r.readU32(flags);
    r.readU32(caseType);
    r.readU32(fid);
    if (r.failed())
        return protocolError<HgfsFileRef>(QStringLiteral("HgfsFileNameV3 truncated"));
    if (flags & kFileNameUseFileDesc) {
        ref.useHandle = true;
        ref.handle = fid;
        return HgfsDecoded<HgfsFileRef>::success(ref);
    }
    QByteArray bytes;
    if (!r.readBytes(length, bytes))
        return protocolError<HgfsFileRef>(
            QStringLiteral("file name of %1 bytes runs past the packet").arg(length));
    skipTerminator(r);
    auto name = decodeCpName(bytes);
    if (!name.ok())
        return HgfsDecoded<HgfsFileRef>::failedFrom(name);
    ref.components = name.value;
    ref.caseType = caseType <= quint32(HgfsCaseType::Insensitive) ? HgfsCaseType(caseType)
                                                                  : HgfsCaseType::Default;
    return HgfsDecoded<HgfsFileRef>::success(ref);
}

void HgfsNames::writeFileNameV3(HgfsWireWriter &w, const HgfsFileRef &ref)
{
    if (ref.useHandle) {
        w.u32(0).u32(kFileNameUseFileDesc).u32(quint32(HgfsCaseType::Default));
        w.u32(ref.handle).u8(0);
        return;
    }
    const QByteArray cp = encodeCpName(ref.components);
    w.u32(quint32(cp.size())).u32(0).u32(quint32(ref.caseType)).u32(kInvalidHandle);
    w.bytes(cp).u8(0);
}

HgfsDecoded<QStringList> HgfsNames::stripRootShare(const QStringList &components)
{
    if (components.isEmpty())
        return invalidName(QStringLiteral("name has no share"));
    if (components.front() != QLatin1String(kRootShareName))
        return HgfsDecoded<QStringList>::failure(
            HgfsStatus::NoSuchFileOrDir,
            QStringLiteral("no share named '%1'").arg(components.front()));
    return HgfsDecoded<QStringList>::success(components.mid(1));
}

QStringList HgfsNames::withRootShare(const QStringList &pathComponents)
{
    QStringList out{QString::fromLatin1(kRootShareName)};
    out.append(pathComponents);
    return out;
}

} // namespace gk::hgfs
