#include "GuestOsId.h"

#include <QRegularExpression>

namespace gk::platform {
namespace {

// Leading decimal number, like sscanf("%u"); 0 when there is none.
int leadingNumber(const QString &text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    qint64 value = 0;
    qsizetype digits = 0;
    for (; i < text.size() && text.at(i).isDigit() && digits < 9; ++i, ++digits)
        value = value * 10 + text.at(i).digitValue();
    return int(value);
}

int kernelPart(const QString &release, int index)
{
    const QStringList parts = release.split(QLatin1Char('.'));
    return index < parts.size() ? leadingNumber(parts.at(index)) : 0;
}

// HostinfoDefaultLinux: 7.x and later still report other5xlinux there.
QString defaultLinuxId(const QString &kernelRelease)
{
    const int major = kernelPart(kernelRelease, 0);
    const int minor = kernelPart(kernelRelease, 1);
    switch (major) {
    case 1:
        return QStringLiteral("other");
    case 2:
        if (minor < 4)
            return QStringLiteral("other");
        return minor < 6 ? QStringLiteral("other24xlinux") : QStringLiteral("other26xlinux");
    case 3:
    case 4:
    case 5:
    case 6:
        return QStringLiteral("other%1xlinux").arg(major);
    default:
        return QStringLiteral("other5xlinux");
    }
}

enum class Rule { Generic, Amazon, Asianux, BigCloud, Centos, Debian, RedHat, Oracle, Suse };

struct TableEntry
{
    const char *pattern;
    const char *shortName;
    Rule rule;
};

// shortNameArray of hostinfoPosix.c, in its order (order matters: "red hat"
// before "enterprise linux", "bigcloud" before "red hat").
const TableEntry kTable[] = {
    {"almalinux", "almaLinux", Rule::Generic},
    {"amazon", nullptr, Rule::Amazon},
    {"annvix", "Annvix", Rule::Generic},
    {"arch", "Arch", Rule::Generic},
    {"arklinux", "Arklinux", Rule::Generic},
    {"asianux", nullptr, Rule::Asianux},
    {"aurox", "Aurox", Rule::Generic},
    {"bigcloud", nullptr, Rule::BigCloud},
    {"black cat", "BlackCat", Rule::Generic},
    {"centos", nullptr, Rule::Centos},
    {"cobalt", "Cobalt", Rule::Generic},
    {"conectiva", "Conectiva", Rule::Generic},
    {"debian", nullptr, Rule::Debian},
    {"red hat", nullptr, Rule::RedHat},
    {"enterprise linux", nullptr, Rule::Oracle},
    {"fedora", "Fedora", Rule::Generic},
    {"flatcar", "flatcar", Rule::Generic},
    {"fusionos", "fusionos", Rule::Generic},
    {"gentoo", "Gentoo", Rule::Generic},
    {"immunix", "Immunix", Rule::Generic},
    {"kylin linux", "kylinlinux", Rule::Generic},
    {"linux-from-scratch", "Linux-From-Scratch", Rule::Generic},
    {"linux-ppc", "Linux-PPC", Rule::Generic},
    {"mandrake", "mandrake", Rule::Generic},
    {"mandriva", "mandriva", Rule::Generic},
    {"miracle linux", "miraclelinux", Rule::Generic},
    {"mklinux", "MkLinux", Rule::Generic},
    {"opensuse", "opensuse", Rule::Generic},
    {"oracle", nullptr, Rule::Oracle},
    {"pardus", "pardus", Rule::Generic},
    {"pld", "PLD", Rule::Generic},
    {"prolinux", "prolinux", Rule::Generic},
    {"rocky linux", "rockyLinux", Rule::Generic},
    {"slackware", "Slackware", Rule::Generic},
    {"sme server", "SMEServer", Rule::Generic},
    {"suse", nullptr, Rule::Suse},
    {"tiny sofa", "Tiny Sofa", Rule::Generic},
    {"turbolinux", "turbolinux", Rule::Generic},
    {"ubuntu", "ubuntu", Rule::Generic},
    {"ultra penguin", "UltraPenguin", Rule::Generic},
    {"united linux", "UnitedLinux", Rule::Generic},
    {"va linux", "VALinux", Rule::Generic},
    {"vmware photon", "vmware-photon", Rule::Generic},
    {"yellow dog", "Yellow Dog", Rule::Generic},
};

// suseEnterpriseShortNameArray and suseShortNameArray.
const TableEntry kSuseEnterprise[] = {
    {"desktop 10", "sles10", Rule::Generic},
    {"desktop 11", "sles11", Rule::Generic},
    {"desktop 12", "sles12", Rule::Generic},
    {"desktop 15", "sles15", Rule::Generic},
    {"desktop 16", "sles16", Rule::Generic},
    {"server 10", "sles10", Rule::Generic},
    {"server 11", "sles11", Rule::Generic},
    {"server 12", "sles12", Rule::Generic},
    {"server 15", "sles15", Rule::Generic},
    {"server 16", "sles16", Rule::Generic},
    {"server for sap applications 12", "sles12", Rule::Generic},
};
const TableEntry kSuse[] = {
    {"sun", "sjds", Rule::Generic},
    {"novell", "nld9", Rule::Generic},
};

template <size_t N> const TableEntry *findEntry(const TableEntry (&table)[N], const QString &lower)
{
    for (const TableEntry &entry : table) {
        if (lower.contains(QLatin1String(entry.pattern)))
            return &entry;
    }
    return nullptr;
}

QString shortNameFor(const TableEntry &entry, int version, const QString &lower,
                     const QString &kernelRelease, const QString &arch)
{
    const auto numbered = [&](const char *base) {
        return arch + QLatin1String(base) + QString::number(version);
    };
    switch (entry.rule) {
    case Rule::Generic:
        return arch + QLatin1String(entry.shortName);
    case Rule::Amazon:
        return arch + QStringLiteral("amazonlinux") + QString::number(qMax(version, 2));
    case Rule::Asianux:
        return version < 3 ? QStringLiteral("asianux") : numbered("asianux");
    case Rule::BigCloud:
        return defaultLinuxId(kernelRelease);
    case Rule::Centos:
        return version < 6 ? QStringLiteral("centos") : numbered("centos");
    case Rule::Debian:
        return version <= 4 ? QStringLiteral("debian4") : numbered("debian");
    case Rule::RedHat:
        if (!lower.contains(QLatin1String("enterprise")))
            return arch + QStringLiteral("redhat");
        return version == 0 ? arch + QStringLiteral("rhel") : numbered("rhel");
    case Rule::Oracle:
        return version == 0 ? arch + QStringLiteral("oraclelinux") : numbered("oraclelinux");
    case Rule::Suse: {
        const bool enterprise = lower.contains(QLatin1String("enterprise"));
        const TableEntry *sub =
            enterprise ? findEntry(kSuseEnterprise, lower) : findEntry(kSuse, lower);
        if (sub)
            return arch + QLatin1String(sub->shortName);
        return arch + (enterprise ? QStringLiteral("sles") : QStringLiteral("suse"));
    }
    }
    return {};
}

QString valueOf(const QByteArray &raw)
{
    QByteArray value = raw.trimmed();
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
        const qsizetype end = value.lastIndexOf(value.front());
        value = end > 0 ? value.mid(1, end - 1) : value.mid(1);
    }
    return QString::fromUtf8(value);
}

} // namespace

OsReleaseFields parseOsRelease(const QByteArray &text)
{
    OsReleaseFields out;
    const struct
    {
        const char *key;
        QString OsReleaseFields::*field;
    } keys[] = {
        {"PRETTY_NAME=", &OsReleaseFields::prettyName}, {"NAME=", &OsReleaseFields::name},
        {"VERSION_ID=", &OsReleaseFields::versionId},   {"BUILD_ID=", &OsReleaseFields::buildId},
        {"VERSION=", &OsReleaseFields::version},        {"CPE_NAME=", &OsReleaseFields::cpeName},
    };
    QStringList found;
    for (const QByteArray &line : text.split('\n')) {
        for (const auto &key : keys) {
            if (line.startsWith(key.key)) {
                const QString value = valueOf(line.mid(qsizetype(qstrlen(key.key))));
                out.*key.field = value;
                found.append(value);
            }
        }
    }
    out.distroString = found.join(QLatin1Char(' '));
    return out;
}

QString linuxGuestOsId(const QString &distroString, const QString &versionId,
                       const QString &kernelRelease, bool is64Bit, bool arm)
{
    int version = 0;
    if (!versionId.isEmpty()) {
        version = leadingNumber(versionId);
    } else {
        const qsizetype digit = distroString.indexOf(QRegularExpression(QStringLiteral("[0-9]")));
        if (digit >= 0)
            version = leadingNumber(distroString.mid(digit));
    }
    const QString lower = distroString.toLower();
    const QString arch = arm ? QStringLiteral("arm-") : QString();
    const TableEntry *entry = distroString.isEmpty() ? nullptr : findEntry(kTable, lower);
    const QString id = entry ? shortNameFor(*entry, version, lower, kernelRelease, arch)
                             : defaultLinuxId(kernelRelease);
    return is64Bit ? id + QStringLiteral("-64") : id;
}

OsIdentity linuxOsIdentity(const QByteArray &osRelease, const QString &sysname,
                           const QString &kernelRelease, const QString &machine)
{
    const OsReleaseFields fields = parseOsRelease(osRelease);
    const bool arm =
        machine.startsWith(QLatin1String("aarch64")) || machine.startsWith(QLatin1String("arm"));
    const bool is64 = machine.contains(QLatin1String("64"));
    OsIdentity id;
    id.shortName = linuxGuestOsId(fields.distroString, fields.versionId, kernelRelease, is64, arm);
    id.familyName = sysname;
    id.kernelVersion = kernelRelease;
    id.prettyName = fields.prettyName;
    id.distroName = fields.name.isEmpty() ? sysname : fields.name;
    id.distroVersion = fields.versionId;
    id.distroAddlVersion = fields.version;
    id.buildNumber = fields.buildId;
    id.cpeString = fields.cpeName;
    id.architecture = arm ? QStringLiteral("Arm") : QStringLiteral("X86");
    id.bitness = is64 ? 64 : 32;
    // "<sysname> <release> <distribution>": the distribution's own pretty name
    // where os-release has one; the matched fields joined (which repeat each
    // other on most distributions) only without it.
    const QString distro = fields.prettyName.isEmpty() ? fields.distroString : fields.prettyName;
    id.fullName = QStringList{sysname, kernelRelease, distro}.join(QLatin1Char(' ')).trimmed();
    return id;
}

} // namespace gk::platform
