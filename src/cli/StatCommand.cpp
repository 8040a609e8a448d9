#include "StatCommand.h"

#include "guestinfo/GuestInfoCollector.h"
#include "platform/SystemInfoProvider.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace gk::cli {
namespace {

QString addressText(const QByteArray &bytes)
{
    if (bytes.size() == 4) {
        const auto *b = reinterpret_cast<const uchar *>(bytes.constData());
        return QHostAddress(quint32(b[0]) << 24 | quint32(b[1]) << 16 | quint32(b[2]) << 8 | b[3])
            .toString();
    }
    return QHostAddress(reinterpret_cast<const quint8 *>(bytes.constData())).toString();
}

bool isLoopback(const QByteArray &bytes)
{
    return QHostAddress(addressText(bytes)).isLoopback();
}

QString uptimeText(quint64 seconds)
{
    return QStringLiteral("%1 days, %2:%3:%4")
        .arg(seconds / 86400)
        .arg(seconds / 3600 % 24, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

int runStat(const guestinfo::GuestInfoSettings &settings, const QStringList &args, bool json)
{
    static const QStringList fields = {QStringLiteral("uptime"), QStringLiteral("hostname"),
                                       QStringLiteral("ip"), QStringLiteral("os"),
                                       QStringLiteral("version")};
    if (args.size() > 1 || (args.size() == 1 && !fields.contains(args.first()))) {
        std::fprintf(stderr, "guestkit: usage: stat [uptime|hostname|ip|os|version] [--json]\n");
        return 2;
    }
    const auto provider = platform::createSystemInfoProvider();
    const guestinfo::GuestInfoSnapshot s =
        guestinfo::GuestInfoCollector::collect(*provider, settings);
    for (const QString &e : s.errors)
        std::fprintf(stderr, "guestkit: cannot read %s\n", qUtf8Printable(e));

    QJsonObject o;
    const quint64 uptime = s.uptimeCentiseconds.value_or(0) / 100;
    o.insert(QStringLiteral("uptimeSeconds"), double(uptime));
    o.insert(QStringLiteral("hostname"), QString::fromUtf8(s.hostName.value_or(QByteArray())));
    QJsonArray nics;
    QStringList ipLines;
    if (s.network) {
        for (const guestinfo::NetworkInterface &nic : s.network->interfaces) {
            QJsonArray ips;
            for (const guestinfo::NetworkAddress &a : nic.addresses) {
                if (isLoopback(a.address))
                    continue;
                ips.append(addressText(a.address));
                ipLines << QStringLiteral("%1 (%2)").arg(addressText(a.address), nic.name);
            }
            nics.append(
                QJsonObject{{QStringLiteral("name"), nic.name},
                            {QStringLiteral("mac"),
                             QString::fromLatin1(guestinfo::NicInfoBuilder::formatMac(nic.mac))},
                            {QStringLiteral("ips"), ips}});
        }
    }
    o.insert(QStringLiteral("nics"), nics);
    const QString full = s.os ? QString::fromUtf8(s.os->fullName) : QString();
    const QString shortName = s.os ? QString::fromUtf8(s.os->shortName) : QString();
    o.insert(QStringLiteral("osFullName"), full);
    o.insert(QStringLiteral("osShortName"), shortName);
    o.insert(QStringLiteral("version"), QStringLiteral(GUESTKIT_VERSION));

    const QString only = args.value(0);
    if (json) {
        const QJsonObject selected =
            only.isEmpty() ? o
            : only == QLatin1String("uptime")
                ? QJsonObject{{QStringLiteral("uptimeSeconds"),
                               o.value(QStringLiteral("uptimeSeconds"))}}
            : only == QLatin1String("ip") ? QJsonObject{{QStringLiteral("nics"), nics}}
            : only == QLatin1String("os") ? QJsonObject{{QStringLiteral("osFullName"), full},
                                                        {QStringLiteral("osShortName"), shortName}}
                                          : QJsonObject{{only, o.value(only)}};
        std::printf("%s\n", QJsonDocument(selected).toJson(QJsonDocument::Indented).constData());
        return s.errors.isEmpty() ? 0 : 1;
    }
    QStringList lines;
    auto add = [&](const QString &field, const QString &label, const QString &value) {
        if (only.isEmpty())
            lines << QStringLiteral("%1 %2").arg(label + QLatin1Char(':'), -10).arg(value);
        else if (only == field)
            lines << value;
    };
    add(QStringLiteral("uptime"), QStringLiteral("uptime"),
        QStringLiteral("%1 (%2 s)").arg(uptimeText(uptime)).arg(uptime));
    add(QStringLiteral("hostname"), QStringLiteral("hostname"),
        o.value(QStringLiteral("hostname")).toString());
    if (only.isEmpty()) {
        for (const QString &ip : std::as_const(ipLines))
            lines << QStringLiteral("%1 %2").arg(QStringLiteral("ip:"), -10).arg(ip);
    } else if (only == QLatin1String("ip")) {
        for (const QString &ip : std::as_const(ipLines))
            lines << ip.section(QLatin1Char(' '), 0, 0);
    }
    add(QStringLiteral("os"), QStringLiteral("os"), QStringLiteral("%1 [%2]").arg(full, shortName));
    add(QStringLiteral("version"), QStringLiteral("version"),
        QStringLiteral("guestkit %1").arg(QStringLiteral(GUESTKIT_VERSION)));
    for (const QString &line : std::as_const(lines))
        std::printf("%s\n", qUtf8Printable(line));
    return s.errors.isEmpty() ? 0 : 1;
}

} // namespace gk::cli
