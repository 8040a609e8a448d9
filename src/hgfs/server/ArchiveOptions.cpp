#include "ArchiveOptions.h"

#include <QUrlQuery>

namespace gk::hgfs::server {

HgfsResult<ArchiveRequest> ArchiveRequest::parse(const QByteArray &pathAndQuery)
{
    using R = HgfsResult<ArchiveRequest>;
    ArchiveRequest req;
    const qsizetype q = pathAndQuery.indexOf('?');
    req.path = q < 0 ? pathAndQuery : pathAndQuery.left(q);
    while (req.path.size() > 1 && req.path.endsWith('/'))
        req.path.chop(1);
    if (!req.path.startsWith('/'))
        return R::failure(
            {HgfsErrorKind::InvalidName,
             QStringLiteral("archive path '%1' is not absolute").arg(QString::fromUtf8(req.path))});
    if (q < 0)
        return R::success(std::move(req));
    const QUrlQuery query(QString::fromUtf8(pathAndQuery.mid(q + 1)));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("format")) {
            if (value.isEmpty() || value == QLatin1String("tgz"))
                req.format = Format::Tgz;
            else if (value == QLatin1String("tar"))
                req.format = Format::Tar;
            else
                return R::failure(
                    {HgfsErrorKind::InvalidParameter,
                     QStringLiteral("unknown archive format '%1' (tgz or tar)").arg(value)});
        } else if (key == QLatin1String("prefix")) {
            req.prefix = value.toUtf8();
            if (req.prefix.startsWith('/') || req.prefix.split('/').contains(".."))
                return R::failure(
                    {HgfsErrorKind::InvalidParameter,
                     QStringLiteral("archive prefix '%1' is absolute or has '..'").arg(value)});
        } else if (key == QLatin1String("exclude")) {
            req.exclude = QRegularExpression(value);
            if (!req.exclude.isValid())
                return R::failure({HgfsErrorKind::InvalidParameter,
                                   QStringLiteral("archive exclude pattern '%1': %2")
                                       .arg(value, req.exclude.errorString())});
        } else {
            return R::failure({HgfsErrorKind::InvalidParameter,
                               QStringLiteral("unknown archive option '%1'").arg(key)});
        }
    }
    return R::success(std::move(req));
}

} // namespace gk::hgfs::server
