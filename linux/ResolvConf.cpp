#include "ResolvConf.h"

namespace gk::platform {

DnsConfig parseResolvConf(const QByteArray &text)
{
    DnsConfig out;
    QString domain;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.simplified();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(';'))
            continue;
        const QList<QByteArray> words = line.split(' ');
        const QByteArray &key = words.first();
        if (key == "nameserver" && words.size() >= 2) {
            out.servers.append(QString::fromLatin1(words.at(1)));
        } else if (key == "domain" && words.size() >= 2) {
            domain = QString::fromLatin1(words.at(1));
            out.searchDomains.clear(); // resolv.conf(5): domain and search override each other
        } else if (key == "search") {
            out.searchDomains.clear();
            for (qsizetype i = 1; i < words.size(); ++i)
                out.searchDomains.append(QString::fromLatin1(words.at(i)));
            domain.clear();
        }
    }
    out.domainName = domain.isEmpty() ? out.searchDomains.value(0) : domain;
    return out;
}

} // namespace gk::platform
