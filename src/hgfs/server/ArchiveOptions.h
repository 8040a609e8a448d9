#pragma once

#include "HgfsFileHandler.h"

#include <QRegularExpression>

namespace gk::hgfs::server {

// What follows "/archive:" in a transfer path (govmomi toolbox/hgfs/archive.go,
// toolbox/toolbox-test.sh): the directory, then URL query options.
//   format=tgz|tar   the stream's form (govmomi: "", "tar", "tgz"); guestkit
//                    sends tgz when none is named, as the issue's "gzip'd
//                    tar" asks; uploads detect gzip by its magic either way
//   prefix=P         prepended to every member name of a download (the VMX
//                    trims a trailing '/', so send "bar%2F" for "bar/")
//   exclude=RE       guestkit extension: members whose relative path the
//                    regular expression matches are left out of a download
struct ArchiveRequest
{
    enum class Format { Tgz, Tar };
    QByteArray path; // the directory (or file), as the guest names it
    Format format = Format::Tgz;
    QByteArray prefix;
    QRegularExpression exclude; // empty pattern: nothing excluded

    static HgfsResult<ArchiveRequest> parse(const QByteArray &pathAndQuery);
};

// The bytes govmomi appends after a downloaded archive (a second gzip header,
// rfc1952 ID1 ID2 CM): the VMX announces a Content-Length it cannot know, so
// HTTP clients (govc's archiveReader) stop reading when they see it.
inline const QByteArray &archiveTrailer()
{
    static const QByteArray trailer("\x1f\x8b\x08", 3);
    return trailer;
}

} // namespace gk::hgfs::server
