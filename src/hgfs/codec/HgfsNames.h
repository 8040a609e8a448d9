#pragma once

#include "HgfsConstants.h"
#include "HgfsDecoded.h"

#include <QStringList>

namespace gk::hgfs {

class HgfsWireReader;
class HgfsWireWriter;

// A file named either by a cross-platform (CP) name or by an open handle
// (HgfsFileNameV3 with HGFS_FILE_NAME_USE_FILE_DESC, or the V2 attr hint).
struct HgfsFileRef
{
    bool useHandle = false;
    quint32 handle = kInvalidHandle;
    // CP name components, share first: {"root", "tmp", "a.txt"} is /tmp/a.txt.
    QStringList components;
    HgfsCaseType caseType = HgfsCaseType::Default;

    bool operator==(const HgfsFileRef &) const = default;
};

// CP names (lib/include/cpName.h, lib/hgfs/cpName.c): UTF-8 components
// separated by NUL, no terminator counted in the length.
class HgfsNames
{
public:
    // Splits a CP name as CPName_GetComponent / CPNameConvertFrom do: a leading
    // or trailing NUL is invalid, runs of NULs inside collapse, "." and ".."
    // are refused (they would leave the share). Also refused, because the
    // result is used as a path on either OS: '/' or '\' inside a component, and
    // bytes that are not UTF-8. An empty name gives an empty list.
    static HgfsDecoded<QStringList> decodeCpName(const QByteArray &cpName);
    static QByteArray encodeCpName(const QStringList &components);

    // HgfsFileName {uint32 length; char name[length]} (+ NUL, optional on input).
    static HgfsDecoded<QStringList> readFileName(HgfsWireReader &r);
    static void writeFileName(HgfsWireWriter &w, const QStringList &components);

    // HgfsFileNameV3 {uint32 length, flags; HgfsCaseType caseType; HgfsHandle fid;
    // char name[length]}. With USE_FILE_DESC the name is not looked at, as in
    // hgfsServerParameters.c HgfsUnpackFileNameV3.
    static HgfsDecoded<HgfsFileRef> readFileNameV3(HgfsWireReader &r);
    static void writeFileNameV3(HgfsWireWriter &w, const HgfsFileRef &ref);

    // Components below the "root" share (the guest-wide share of
    // hgfsServerPolicyGuest.c): {"root","tmp","a"} -> {"tmp","a"}. Another
    // share does not exist; no name at all is an invalid name.
    static HgfsDecoded<QStringList> stripRootShare(const QStringList &components);
    static QStringList withRootShare(const QStringList &pathComponents);
};

} // namespace gk::hgfs
