#include "VixFileClient.h"

#include "vix/codec/VixConstants.h"
#include "vix/codec/VixFileRequests.h"

namespace gk::vmx {

QByteArray vixXmlUnescapeBytes(const QByteArray &text)
{
    if (!text.contains('%'))
        return text;
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '%' && i + 2 < text.size()) {
            bool ok = false;
            const int v = text.mid(i + 1, 2).toInt(&ok, 16);
            if (ok) {
                out += char(v);
                i += 2;
                continue;
            }
        }
        out += text.at(i);
    }
    return out;
}

namespace {

// The text of <tag>...</tag> inside [from, to) of xml; tags given with
// their brackets so that no temporary strings are built per entry.
QByteArray field(const QByteArray &xml, qsizetype from, qsizetype to, const char *open,
                 const char *close)
{
    const qsizetype start = xml.indexOf(open, from);
    if (start < 0 || start >= to)
        return {};
    const qsizetype begin = start + qsizetype(qstrlen(open));
    const qsizetype end = xml.indexOf(close, begin);
    if (end < 0 || end > to)
        return {};
    return xml.mid(begin, end - begin);
}

} // namespace

QList<GuestFileEntry> parseFileEntries(const QByteArray &xml)
{
    QList<GuestFileEntry> list;
    qsizetype pos = 0;
    while (true) {
        const qsizetype start = xml.indexOf("<fxi>", pos);
        if (start < 0)
            break;
        const qsizetype end = xml.indexOf("</fxi>", start);
        if (end < 0)
            break;
        GuestFileEntry e;
        e.name = vixXmlUnescapeBytes(field(xml, start, end, "<Name>", "</Name>"));
        e.flags = field(xml, start, end, "<ft>", "</ft>").toInt();
        e.size = field(xml, start, end, "<fs>", "</fs>").toULongLong();
        e.modTime = field(xml, start, end, "<mt>", "</mt>").toULongLong();
        e.accessTime = field(xml, start, end, "<at>", "</at>").toULongLong();
        e.uid = field(xml, start, end, "<uid>", "</uid>").toInt();
        e.gid = field(xml, start, end, "<gid>", "</gid>").toInt();
        e.permissions = field(xml, start, end, "<perm>", "</perm>").toInt();
        e.symlinkTarget = vixXmlUnescapeBytes(field(xml, start, end, "<slt>", "</slt>"));
        list.append(e);
        pos = end + 6;
    }
    return list;
}

bool parseListFilesPage(const QByteArray &result, ListFilesPage *page)
{
    if (result.size() < 2 || (result.at(0) != '0' && result.at(0) != '1') || result.at(1) != ' ')
        return false;
    page->truncated = result.at(0) == '1';
    bool ok = false;
    page->remaining = vixXmlField(result, "rem").toLongLong(&ok);
    if (!ok)
        return false;
    page->entries = parseFileEntries(result);
    return true;
}

VixCallResult listGuestFiles(VixClient &client, const QString &path, const QString &pattern,
                             qint32 maxResults, QList<GuestFileEntry> *out, int *requests)
{
    vix::ListFilesRequest req;
    req.path = path;
    req.pattern = pattern;
    req.maxResults = maxResults;
    int sent = 0;
    VixCallResult r;
    while (true) {
        r = client.call(vix::VixOp::ListFiles, req.encode());
        ++sent;
        if (!r.ok())
            break;
        ListFilesPage page;
        if (!parseListFilesPage(r.reply.result, &page)) {
            r.delivered = false;
            r.problem = QStringLiteral("malformed ListFiles answer");
            break;
        }
        out->append(page.entries);
        if (page.truncated && !page.entries.isEmpty()) {
            req.offset += quint64(page.entries.size());
            continue;
        }
        if (page.remaining == 0 || maxResults == 0 || (page.entries.isEmpty() && req.offset == 0))
            break;
        req.index += qint32(req.offset) + qint32(page.entries.size());
        req.offset = 0;
    }
    if (requests)
        *requests = sent;
    return r;
}

} // namespace gk::vmx
