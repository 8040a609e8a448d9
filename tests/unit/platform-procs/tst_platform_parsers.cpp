// The Linux backend's pure parts: guest OS id mapping, /proc and /etc parsers.
#include "linux/GuestOsId.h"
#include "linux/LinuxErrors.h"
#include "linux/LoginEnvironment.h"
#include "linux/MountTable.h"
#include "linux/ProcessSpawner.h"
#include "linux/ProcessTable.h"
#include "linux/ResolvConf.h"
#include "linux/RouteTable.h"
#include "linux/SafeTempDir.h"

#include <QTemporaryDir>
#include <QtTest>

#include <QScopeGuard>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <pwd.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace gk::platform;

namespace {

// The whole errno table of linux/LinuxErrors.cpp, with the kinds written
// here by hand (not read back from the code under test).
struct ErrnoRow
{
    const char *name;
    int err;
    PlatformError::Kind kind;
};
using K = PlatformError::Kind;
const ErrnoRow kErrnoTable[] = {
    {"0", 0, K::None},
    {"ENOENT", ENOENT, K::NotFound},
    {"EEXIST", EEXIST, K::Exists},
    {"ENOTDIR", ENOTDIR, K::NotADirectory},
    {"EISDIR", EISDIR, K::IsADirectory},
    {"ENOTEMPTY", ENOTEMPTY, K::NotEmpty},
    {"EACCES", EACCES, K::PermissionDenied},
    {"EPERM", EPERM, K::PermissionDenied},
    {"EROFS", EROFS, K::PermissionDenied},
    {"ENAMETOOLONG", ENAMETOOLONG, K::NameTooLong},
    {"EILSEQ", EILSEQ, K::InvalidName},
    {"ENOSPC", ENOSPC, K::NoSpace},
    {"EDQUOT", EDQUOT, K::NoSpace},
    {"EFBIG", EFBIG, K::NoSpace},
    {"EMFILE", EMFILE, K::TooMany},
    {"ENFILE", ENFILE, K::TooMany},
    {"EMLINK", EMLINK, K::TooMany},
    {"ELOOP", ELOOP, K::TooMany},
    {"EAGAIN", EAGAIN, K::TooMany}, // EWOULDBLOCK on Linux
    {"ENOMEM", ENOMEM, K::TooMany},
    {"EBUSY", EBUSY, K::Busy},
    {"ETXTBSY", ETXTBSY, K::Busy},
    {"EINVAL", EINVAL, K::InvalidArgument},
    {"E2BIG", E2BIG, K::InvalidArgument},
    {"ENOEXEC", ENOEXEC, K::InvalidArgument},
    {"EOPNOTSUPP", EOPNOTSUPP, K::NotSupported}, // ENOTSUP on Linux
    {"ENOSYS", ENOSYS, K::NotSupported},
    {"ESRCH", ESRCH, K::NoSuchProcess},
    {"EINTR", EINTR, K::Interrupted},
    {"ETIMEDOUT", ETIMEDOUT, K::TimedOut},
    {"EXDEV", EXDEV, K::CrossDevice},
    // A few of the rest, which are all I/O errors.
    {"EIO", EIO, K::Io},
    {"EBADF", EBADF, K::Io},
    {"ENXIO", ENXIO, K::Io},
    {"ENODEV", ENODEV, K::Io},
    {"ESTALE", ESTALE, K::Io},
    {"ECONNREFUSED", ECONNREFUSED, K::Io},
    {"ERANGE", ERANGE, K::Io},
};

} // namespace

Q_DECLARE_METATYPE(gk::platform::PlatformError::Kind)

class TestPlatformParsers : public QObject
{
    Q_OBJECT
private slots:
    void guestOsIdFollowsVmtoolsdTable_data()
    {
        QTest::addColumn<QByteArray>("osRelease");
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<QString>("machine");
        QTest::addColumn<QString>("expected");

        QTest::newRow("debian 12")
            << QByteArray(
                   "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                   "VERSION_ID=\"12\"\nVERSION=\"12 "
                   "(bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n")
            << "6.1.0-13-amd64"
            << "x86_64"
            << "debian12-64";
        QTest::newRow("debian 11")
            << QByteArray(
                   "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nNAME=\"Debian GNU/Linux\"\n"
                   "VERSION_ID=\"11\"\nVERSION=\"11 (bullseye)\"\nID=debian\n")
            << "5.10.0-26-amd64"
            << "x86_64"
            << "debian11-64";
        QTest::newRow("debian 12 32-bit")
            << QByteArray("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n")
            << "6.1.0-13-686"
            << "i686"
            << "debian12";
        QTest::newRow("debian 12 arm")
            << QByteArray("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n")
            << "6.1.0-13-arm64"
            << "aarch64"
            << "arm-debian12-64";
        QTest::newRow("debian 4") << QByteArray(
                                         "PRETTY_NAME=\"Debian GNU/Linux 4.0\"\nVERSION_ID=\"4\"\n")
                                  << "2.6.18"
                                  << "x86_64"
                                  << "debian4-64";
        QTest::newRow("ubuntu 22.04")
            << QByteArray(
                   "PRETTY_NAME=\"Ubuntu 22.04.3 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\n"
                   "VERSION=\"22.04.3 LTS (Jammy Jellyfish)\"\nID=ubuntu\nID_LIKE=debian\n")
            << "5.15.0-88-generic"
            << "x86_64"
            << "ubuntu-64";
        QTest::newRow("rhel 9")
            << QByteArray(
                   "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.2 (Plow)\"\nID=\"rhel\"\n"
                   "VERSION_ID=\"9.2\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.2 (Plow)\"\n"
                   "CPE_NAME=\"cpe:/o:redhat:enterprise_linux:9::baseos\"\n")
            << "5.14.0-284.11.1.el9_2.x86_64"
            << "x86_64"
            << "rhel9-64";
        QTest::newRow("centos 7")
            << QByteArray(
                   "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nVERSION_ID=\"7\"\n"
                   "PRETTY_NAME=\"CentOS Linux 7 (Core)\"\nCPE_NAME=\"cpe:/o:centos:centos:7\"\n")
            << "3.10.0-1160.el7.x86_64"
            << "x86_64"
            << "centos7-64";
        QTest::newRow("centos stream 9")
            << QByteArray("NAME=\"CentOS Stream\"\nVERSION=\"9\"\nVERSION_ID=\"9\"\n"
                          "PRETTY_NAME=\"CentOS Stream 9\"\nCPE_NAME=\"cpe:/o:centos:centos:9\"\n")
            << "5.14.0-362.el9.x86_64"
            << "x86_64"
            << "centos9-64";
        QTest::newRow("centos 5") << QByteArray("PRETTY_NAME=\"CentOS release 5.11 (Final)\"\n")
                                  << "2.6.18"
                                  << "x86_64"
                                  << "centos-64";
        QTest::newRow("amazon linux 2")
            << QByteArray(
                   "NAME=\"Amazon Linux\"\nVERSION=\"2\"\nID=\"amzn\"\nVERSION_ID=\"2\"\n"
                   "PRETTY_NAME=\"Amazon Linux 2\"\nCPE_NAME=\"cpe:2.3:o:amazon:amazon_linux:2\"\n")
            << "5.10.198-187.748.amzn2.x86_64"
            << "x86_64"
            << "amazonlinux2-64";
        QTest::newRow("amazon linux 2023")
            << QByteArray("NAME=\"Amazon Linux\"\nVERSION=\"2023\"\nVERSION_ID=\"2023\"\n"
                          "PRETTY_NAME=\"Amazon Linux 2023\"\n")
            << "6.1.61-85.141.amzn2023.x86_64"
            << "x86_64"
            << "amazonlinux2023-64";
        QTest::newRow("amazon linux ami")
            << QByteArray("NAME=\"Amazon Linux AMI\"\nVERSION_ID=\"2018.03\"\n") << "4.14.0"
            << "x86_64"
            << "amazonlinux2018-64";
        QTest::newRow("rocky 9")
            << QByteArray("NAME=\"Rocky Linux\"\nVERSION=\"9.2 (Blue Onyx)\"\nVERSION_ID=\"9.2\"\n"
                          "PRETTY_NAME=\"Rocky Linux 9.2 (Blue "
                          "Onyx)\"\nCPE_NAME=\"cpe:/o:rocky:rocky:9::baseos\"\n")
            << "5.14.0"
            << "x86_64"
            << "rockyLinux-64";
        QTest::newRow("almalinux 9") << QByteArray("NAME=\"AlmaLinux\"\nVERSION_ID=\"9.2\"\nPRETTY_"
                                                   "NAME=\"AlmaLinux 9.2 (Turquoise Kodkod)\"\n")
                                     << "5.14.0"
                                     << "x86_64"
                                     << "almaLinux-64";
        QTest::newRow("oracle linux 9")
            << QByteArray("NAME=\"Oracle Linux Server\"\nVERSION=\"9.2\"\nVERSION_ID=\"9.2\"\n"
                          "PRETTY_NAME=\"Oracle Linux Server "
                          "9.2\"\nCPE_NAME=\"cpe:/o:oracle:linux:9:2:server\"\n")
            << "5.15.0"
            << "x86_64"
            << "oraclelinux9-64";
        QTest::newRow("sles 15") << QByteArray(
                                        "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\n"
                                        "PRETTY_NAME=\"SUSE Linux Enterprise Server 15 "
                                        "SP5\"\nCPE_NAME=\"cpe:/o:suse:sles:15:sp5\"\n")
                                 << "5.14.21"
                                 << "x86_64"
                                 << "sles15-64";
        QTest::newRow("opensuse leap")
            << QByteArray("NAME=\"openSUSE Leap\"\nVERSION=\"15.5\"\nVERSION_ID=\"15.5\"\n"
                          "PRETTY_NAME=\"openSUSE Leap 15.5\"\n")
            << "5.14.21"
            << "x86_64"
            << "opensuse-64";
        QTest::newRow("fedora") << QByteArray(
                                       "NAME=\"Fedora Linux\"\nVERSION_ID=39\nPRETTY_NAME=\"Fedora "
                                       "Linux 39 (Server Edition)\"\n")
                                << "6.5.6"
                                << "x86_64"
                                << "Fedora-64";
        QTest::newRow("photon") << QByteArray("NAME=\"VMware Photon "
                                              "OS\"\nVERSION=\"5.0\"\nVERSION_ID=5.0\nPRETTY_NAME="
                                              "\"VMware Photon OS/Linux\"\n")
                                << "6.1.10"
                                << "x86_64"
                                << "vmware-photon-64";
        QTest::newRow("unknown on 6.x")
            << QByteArray(
                   "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.0\nPRETTY_NAME=\"Alpine "
                   "Linux v3.19\"\n")
            << "6.6.7-0-lts"
            << "x86_64"
            << "other6xlinux-64";
        QTest::newRow("unknown on 5.x") << QByteArray("PRETTY_NAME=\"Mystery OS\"\n") << "5.15.0"
                                        << "x86_64"
                                        << "other5xlinux-64";
        QTest::newRow("unknown on 4.x") << QByteArray("PRETTY_NAME=\"Mystery OS\"\n") << "4.19.0"
                                        << "x86_64"
                                        << "other4xlinux-64";
        QTest::newRow("unknown on 3.x 32-bit")
            << QByteArray("PRETTY_NAME=\"Mystery OS\"\n") << "3.2.0"
            << "i686"
            << "other3xlinux";
        QTest::newRow("unknown on 2.6") << QByteArray() << "2.6.32"
                                        << "x86_64"
                                        << "other26xlinux-64";
        QTest::newRow("unknown on 7.x keeps other5x") << QByteArray() << "7.0.1"
                                                      << "x86_64"
                                                      << "other5xlinux-64";
        QTest::newRow("no os-release") << QByteArray() << "6.1.0"
                                       << "x86_64"
                                       << "other6xlinux-64";
    }

    void guestOsIdFollowsVmtoolsdTable()
    {
        QFETCH(QByteArray, osRelease);
        QFETCH(QString, kernel);
        QFETCH(QString, machine);
        QFETCH(QString, expected);
        QCOMPARE(linuxOsIdentity(osRelease, QStringLiteral("Linux"), kernel, machine).shortName,
                 expected);
    }

    void osIdentityCarriesTheDetailedFields()
    {
        const OsIdentity id = linuxOsIdentity(
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian "
            "GNU/Linux\"\nVERSION_ID=\"12\"\n"
            "VERSION=\"12 (bookworm)\"\nBUILD_ID=rolling\nCPE_NAME='cpe:/o:debian:12'\n",
            QStringLiteral("Linux"), QStringLiteral("6.1.0"), QStringLiteral("x86_64"));
        QCOMPARE(id.prettyName, QStringLiteral("Debian GNU/Linux 12 (bookworm)"));
        QCOMPARE(id.distroName, QStringLiteral("Debian GNU/Linux"));
        QCOMPARE(id.distroVersion, QStringLiteral("12"));
        QCOMPARE(id.distroAddlVersion, QStringLiteral("12 (bookworm)"));
        QCOMPARE(id.buildNumber, QStringLiteral("rolling"));
        QCOMPARE(id.cpeString, QStringLiteral("cpe:/o:debian:12"));
        QCOMPARE(id.familyName, QStringLiteral("Linux"));
        QCOMPARE(id.kernelVersion, QStringLiteral("6.1.0"));
        QCOMPARE(id.bitness, 64);
        QCOMPARE(id.architecture, QStringLiteral("X86"));
        // The pretty name, not every matched field (which repeat each other).
        QCOMPARE(id.fullName, QStringLiteral("Linux 6.1.0 Debian GNU/Linux 12 (bookworm)"));
    }

    void ipv4RoutesDecodeKernelHex()
    {
        const QByteArray text =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
            "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
            "eth1\t0000A8C0\t00000000\t0000\t0\t0\t0\t0000FFFF\t0\t0\t0\n" // not up
            "garbage line\n";
        const QList<Route> routes = parseIpv4Routes(text);
        QCOMPARE(routes.size(), 2);
        QCOMPARE(routes.at(0), (Route{QStringLiteral("0.0.0.0"), 0, QStringLiteral("192.0.2.1"),
                                      QStringLiteral("eth0"), 100, false}));
        QCOMPARE(routes.at(1), (Route{QStringLiteral("192.0.2.0"), 24, QString(),
                                      QStringLiteral("eth0"), 0, false}));
    }

    void ipv6RoutesKeepTheMainTableOnly()
    {
        const QByteArray text =
            "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 "
            "00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
            "fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n"
            "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
            "00000000000000000000000000000000 00000000 00000003 00000000 80200001       lo\n"
            "ff000000000000000000000000000000 08 00000000000000000000000000000000 00 "
            "00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0\n"
            "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
            "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"
            "zz 40 short\n";
        const QList<Route> routes = parseIpv6Routes(text);
        QCOMPARE(routes.size(), 2);
        QCOMPARE(routes.at(0), (Route{QStringLiteral("fd00::"), 64, QString(),
                                      QStringLiteral("eth0"), 256, true}));
        QCOMPARE(routes.at(1), (Route{QStringLiteral("::"), 0, QStringLiteral("fd00::1"),
                                      QStringLiteral("eth0"), 1024, true}));
    }

    void resolvConfGivesServersSearchAndDomain()
    {
        DnsConfig c =
            parseResolvConf("# generated\nnameserver 10.0.0.2\nnameserver  2001:db8::53 \n"
                            "search a.example b.example\noptions ndots:2\n");
        QCOMPARE(c.servers,
                 (QStringList{QStringLiteral("10.0.0.2"), QStringLiteral("2001:db8::53")}));
        QCOMPARE(c.searchDomains,
                 (QStringList{QStringLiteral("a.example"), QStringLiteral("b.example")}));
        QCOMPARE(c.domainName, QStringLiteral("a.example"));
        c = parseResolvConf("search old.example\ndomain corp.example\nnameserver 1.1.1.1\n");
        QCOMPARE(c.domainName, QStringLiteral("corp.example"));
        QVERIFY(c.searchDomains.isEmpty());
        QVERIFY(parseResolvConf(QByteArray()).servers.isEmpty());
    }

    void mountInfoDecodesEscapesAndOptionalFields()
    {
        const QByteArray text =
            "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
            "40 27 8:1 / /mnt/my\\040disk rw master:2 shared:3 - xfs /dev/sdb1 rw\n"
            "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
            "broken line\n";
        const QList<MountEntry> m = parseMountInfo(text);
        QCOMPARE(m.size(), 3);
        QCOMPARE(m.at(0).mountPoint, QStringLiteral("/"));
        QCOMPARE(m.at(0).type, QStringLiteral("ext4"));
        QCOMPARE(m.at(0).source, QStringLiteral("/dev/vda"));
        QCOMPARE(m.at(1).mountPoint, QStringLiteral("/mnt/my disk"));
        QCOMPARE(m.at(1).type, QStringLiteral("xfs"));
        QVERIFY(isPseudoFileSystem(m.at(2).type));
        QVERIFY(isPseudoFileSystem(QStringLiteral("cgroup2")));
        QVERIFY(!isPseudoFileSystem(QStringLiteral("ext4")));
    }

    void procStatParsesNamesWithParenthesesAndSpaces()
    {
        const std::optional<ProcStat> s =
            parseProcStat("1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 "
                          "1 0 98765 1000 10");
        QVERIFY(s);
        QCOMPARE(s->comm, QStringLiteral("my (odd) name"));
        QCOMPARE(s->startTicks, quint64(98765));
        QVERIFY(!parseProcStat("1234 (short) S 1 2"));
        QVERIFY(!parseProcStat("no parentheses"));
        QCOMPARE(commandLineFromProc(QByteArray("/bin/sleep\0"
                                                "30\0",
                                                14)),
                 QStringLiteral("/bin/sleep 30"));
        QCOMPARE(commandLineFromProc(QByteArray()), QString());
        const auto uids =
            uidsFromProcStatus("Name:\tsleep\nUid:\t1001\t1002\t1003\t1004\nGid:\t5\t5\t5\t5\n");
        QVERIFY(uids);
        QCOMPARE(*uids, (QList<qint64>{1001, 1002, 1003, 1004}));
        QVERIFY(!uidsFromProcStatus("Name:\tx\n"));
        QVERIFY(!uidsFromProcStatus("Uid:\t1\t2\n"));
    }

    void aLargeProcessTableListsEachProcessOnceWithItsOwnCommandLine()
    {
        // Enough processes that the reads are split over several threads:
        // each child must come back once, in pid order, with its own
        // command line and owner.
        constexpr int kChildren = 400;
        QHash<qint64, QString> children;
        const auto stopAll = qScopeGuard([&] {
            for (auto it = children.cbegin(); it != children.cend(); ++it)
                ::kill(pid_t(it.key()), SIGKILL);
            for (auto it = children.cbegin(); it != children.cend(); ++it)
                ::waitpid(pid_t(it.key()), nullptr, 0);
        });
        for (int i = 0; i < kChildren; ++i) {
            const QByteArray seconds = QByteArray::number(1000 + i);
            char *const argv[] = {const_cast<char *>("/bin/sleep"),
                                  const_cast<char *>(seconds.constData()), nullptr};
            pid_t pid = 0;
            QCOMPARE(::posix_spawn(&pid, "/bin/sleep", nullptr, nullptr, argv, environ), 0);
            children.insert(pid, QStringLiteral("/bin/sleep ") + QString::fromLatin1(seconds));
        }
        // A spawned child shows this test's command line until its execve.
        QTRY_VERIFY([&] {
            const auto table = readProcessTable();
            return table.ok() && std::all_of(children.keyBegin(), children.keyEnd(), [&](qint64 p) {
                       return std::any_of(table.value.cbegin(), table.value.cend(),
                                          [&](const ProcessInfo &i) {
                                              return i.pid == p && i.name == QLatin1String("sleep");
                                          });
                   });
        }());
        const Result<QList<ProcessInfo>> table = readProcessTable();
        QVERIFY(table.ok());
        QVERIFY(table.value.size() > kChildren);
        int seen = 0;
        for (qsizetype i = 0; i < table.value.size(); ++i) {
            const ProcessInfo &p = table.value.at(i);
            if (i > 0)
                QVERIFY(table.value.at(i - 1).pid < p.pid); // sorted, no pid twice
            if (!children.contains(p.pid))
                continue;
            ++seen;
            QCOMPARE(p.commandLine, children.value(p.pid));
            QCOMPARE(p.name, QStringLiteral("sleep"));
            QCOMPARE(p.owner, QString::fromLocal8Bit(getpwuid(getuid())->pw_name));
            QVERIFY(p.startTime.isValid());
        }
        QCOMPARE(seen, kChildren);
    }

    void environmentFilesFollowPamEnvFormat()
    {
        const auto entries =
            parseEnvironmentFile("# comment\n\nLANG=\"de_DE.UTF-8\"\nexport EDITOR=vim\n"
                                 "QUOTED='a b'\nbad key=1\n=novalue\n");
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0), qMakePair(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8")));
        QCOMPARE(entries.at(1), qMakePair(QStringLiteral("EDITOR"), QStringLiteral("vim")));
        QCOMPARE(entries.at(2), qMakePair(QStringLiteral("QUOTED"), QStringLiteral("a b")));
        QCOMPARE(
            loginDefsValue("# ENV_PATH nope\nENV_PATH\tPATH=/x:/y\n", QStringLiteral("ENV_PATH")),
            QStringLiteral("PATH=/x:/y"));
        QCOMPARE(loginDefsValue("MAIL_DIR /var/mail\n", QStringLiteral("ENV_PATH")), QString());
    }

    void loginEnvironmentCombinesLoginDefsEnvironmentAndLocale()
    {
        QTemporaryDir etc;
        QVERIFY(QDir().mkpath(etc.filePath(QStringLiteral("default"))));
        const auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(etc.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("login.defs"),
              "ENV_SUPATH PATH=/sbin:/bin\nENV_PATH PATH=/opt/bin:/bin\n");
        write(QStringLiteral("environment"), "GK_SITE=lab\nHOME=/evil\n");
        write(QStringLiteral("default/locale"), "LANG=C.UTF-8\n");
        UserAccount user;
        user.name = QStringLiteral("alice");
        user.home = QStringLiteral("/home/alice");
        user.shell = QStringLiteral("/bin/bash");
        user.uid = 1000;
        user.gid = 1000;
        QProcessEnvironment env = buildLoginEnvironment(user, etc.path());
        QCOMPARE(env.value(QStringLiteral("PATH")), QStringLiteral("/opt/bin:/bin"));
        QCOMPARE(env.value(QStringLiteral("GK_SITE")), QStringLiteral("lab"));
        QCOMPARE(env.value(QStringLiteral("LANG")), QStringLiteral("C.UTF-8"));
        QCOMPARE(env.value(QStringLiteral("HOME")), QStringLiteral("/home/alice")); // identity wins
        QCOMPARE(env.value(QStringLiteral("SHELL")), QStringLiteral("/bin/bash"));
        QCOMPARE(env.value(QStringLiteral("LOGNAME")), QStringLiteral("alice"));
        user.uid = 0;
        env = buildLoginEnvironment(user, etc.path());
        QCOMPARE(env.value(QStringLiteral("PATH")), QStringLiteral("/sbin:/bin"));
        // A cached environment follows edits of the files.
        LoginEnvironment cached(etc.path());
        QCOMPARE(cached.forUser(user).value(QStringLiteral("GK_SITE")), QStringLiteral("lab"));
        write(QStringLiteral("environment"), "GK_SITE=datacenter\n");
        QCOMPARE(cached.forUser(user).value(QStringLiteral("GK_SITE")),
                 QStringLiteral("datacenter"));
        user.name = QStringLiteral("bob");
        QCOMPARE(cached.forUser(user).value(QStringLiteral("USER")), QStringLiteral("bob"));
        // Without login.defs: login(1)'s built-in default.
        QTemporaryDir empty;
        user.uid = 1000;
        QCOMPARE(buildLoginEnvironment(user, empty.path()).value(QStringLiteral("PATH")),
                 QStringLiteral("/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"));
    }

    void executableSearchFollowsPath()
    {
        QCOMPARE(executableCandidates("/bin/true", "/x"), QByteArrayList{"/bin/true"});
        QCOMPARE(executableCandidates("./run", "/x"), QByteArrayList{"./run"});
        QCOMPARE(executableCandidates("ls", "/a::/b"), (QByteArrayList{"/a/ls", "./ls", "/b/ls"}));
        QCOMPARE(executableCandidates("ls", QByteArray()),
                 (QByteArrayList{"/usr/local/bin/ls", "/usr/bin/ls", "/bin/ls"}));
    }

    // The naming and the checks of vmtoolsd's safe temp directory
    // (lib/file/fileTempPosix.c), as the user running the test.
    void safeTempDirectoryFollowsVmtoolsd()
    {
        QCOMPARE(linuxos::safeTempPrefix("alice", 1000, 4242), QByteArray("vmware-alice_4242-"));
        QCOMPARE(linuxos::safeTempPrefix(QByteArray(), 1000, 7), QByteArray("vmware-uid_1000_7-"));
        const QByteArray saved = qgetenv("TMPDIR");
        const bool had = qEnvironmentVariableIsSet("TMPDIR");
        qputenv("TMPDIR", "/var/tmp/x");
        QCOMPARE(linuxos::tempBaseCandidates("/home/alice"),
                 (QByteArrayList{"/var/tmp/x", "/tmp", "/tmp", "/home/alice", "/"}));
        qunsetenv("TMPDIR");
        QCOMPARE(linuxos::tempBaseCandidates("/home/alice"),
                 (QByteArrayList{"/tmp", "/tmp", "/home/alice", "/"}));
        if (had)
            qputenv("TMPDIR", saved);

        QTemporaryDir base;
        const QByteArray b = QFile::encodeName(base.path());
        const qint64 uid = ::geteuid();
        // Missing: made 0700 (whatever the umask).
        const mode_t umask = ::umask(0077);
        QVERIFY(linuxos::acceptableSafeTempDir(b + "/made", uid));
        ::umask(umask);
        struct stat st = {};
        QCOMPARE(::lstat((b + "/made").constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0700));
        QVERIFY(linuxos::acceptableSafeTempDir(b + "/made", uid));      // exists, fine
        QVERIFY(!linuxos::acceptableSafeTempDir(b + "/made", uid + 1)); // someone else's
        QCOMPARE(::chmod((b + "/made").constData(), 02700), 0);         // setgid is ignored
        QVERIFY(linuxos::acceptableSafeTempDir(b + "/made", uid));
        QCOMPARE(::chmod((b + "/made").constData(), 0750), 0);
        QVERIFY(!linuxos::acceptableSafeTempDir(b + "/made", uid));
        QCOMPARE(::mkdir((b + "/private").constData(), 0700), 0);
        QCOMPARE(::symlink("private", (b + "/link").constData()), 0);
        QVERIFY(!linuxos::acceptableSafeTempDir(b + "/link", uid)); // a symlink never
        QVERIFY(!linuxos::acceptableSafeTempDir(b + "/no/such/parent", uid));

        // The first usable base; the same directory again; a new one when
        // the old one is no longer private.
        const QByteArrayList bases{b + "/missing", b + "/made/../private/x", b};
        const QByteArray first = linuxos::findOrCreateSafeTempDir(bases, "alice", uid, 99);
        QVERIFY2(first.startsWith(b + "/vmware-alice_99-"), first.constData());
        bool numeric = false;
        first.mid(b.size() + int(qstrlen("/vmware-alice_99-"))).toUInt(&numeric);
        QVERIFY(numeric);
        QCOMPARE(linuxos::findOrCreateSafeTempDir(bases, "alice", uid, 99), first);
        QCOMPARE(::chmod(first.constData(), 0755), 0);
        const QByteArray second = linuxos::findOrCreateSafeTempDir(bases, "alice", uid, 99);
        QVERIFY(second.startsWith(b + "/vmware-alice_99-") && second != first);
        // Another pid or user does not share it.
        QVERIFY(linuxos::findOrCreateSafeTempDir(bases, "alice", uid, 100) != second);
        QVERIFY(linuxos::findOrCreateSafeTempDir({b + "/missing", QByteArray("relative")}, "alice",
                                                 uid, 99)
                    .isEmpty());
    }

    void errnoMapsToPortableKinds_data()
    {
        QTest::addColumn<int>("err");
        QTest::addColumn<PlatformError::Kind>("kind");
        for (const ErrnoRow &row : kErrnoTable)
            QTest::newRow(row.name) << row.err << row.kind;
        QTest::newRow("unknown 4000") << 4000 << PlatformError::Kind::Io;
        QTest::newRow("negative") << -1 << PlatformError::Kind::Io;
    }

    void errnoMapsToPortableKinds()
    {
        QFETCH(int, err);
        QFETCH(PlatformError::Kind, kind);
        QCOMPARE(kindName(linuxos::kindFromErrno(err)), kindName(kind));
        if (err == 0)
            return;
        const PlatformError e = linuxos::errnoError(err, QStringLiteral("cannot execute /x"));
        QCOMPARE(kindName(e.kind), kindName(kind));
        QCOMPARE(e.nativeCode, err);
        QVERIFY(e.message.startsWith(QLatin1String("cannot execute /x: ")));
        const PlatformError onPath = linuxos::errnoError(err, "mkdir", FilePath::fromBytes("/a"));
        QCOMPARE(kindName(onPath.kind), kindName(kind));
        QVERIFY(onPath.message.startsWith(QLatin1String("mkdir '/a': ")));
    }

    // kErrnoTable is the whole table: every other errno the kernel has is an
    // I/O error, so a case added to LinuxErrors.cpp without a row fails here.
    void errnoOutsideTheTableIsIo()
    {
        QSet<int> listed;
        for (const ErrnoRow &row : kErrnoTable)
            listed.insert(row.err);
        for (int err = 1; err < 4096; ++err) {
            if (!listed.contains(err))
                QVERIFY2(linuxos::kindFromErrno(err) == PlatformError::Kind::Io,
                         qPrintable(QStringLiteral("errno %1 (%2) maps to '%3'")
                                        .arg(err)
                                        .arg(QString::fromLocal8Bit(strerror(err)))
                                        .arg(kindName(linuxos::kindFromErrno(err)))));
        }
    }
};

QTEST_GUILESS_MAIN(TestPlatformParsers)
#include "tst_platform_parsers.moc"
